// The evaluator's own smoke test (node --test); the Java IamEvaluatorIT is the authoritative one.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { answer, evaluate } from './evaluate.mjs'

const ACCOUNT = '123456789012'
const ROLE = `arn:aws:iam::${ACCOUNT}:role/fn-role`
const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/fn-role/fn`
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`
const doc = (...Statement) => ({ Version: '2012-10-17', Statement })
const allowAll = { name: 'all', document: doc({ Effect: 'Allow', Action: '*', Resource: '*' }) }
const s3Only = { name: 's3-only', document: doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }) }

const decrypt = (boundary, keyPolicy, context = {}) =>
  evaluate({
    principal: SESSION,
    action: 'kms:Decrypt',
    resource: KEY,
    context: { 'aws:PrincipalArn': ROLE, ...context },
    identityPolicies: [],
    permissionBoundaries: [boundary],
    resourcePolicy: { name: 'key-policy', document: keyPolicy }
  })

test('a key policy statement for any principal is capped by the boundary', async () => {
  const keyPolicy = doc({
    Sid: 'FunctionRole',
    Effect: 'Allow',
    Principal: '*',
    Action: 'kms:Decrypt',
    Resource: '*',
    Condition: { ArnEquals: { 'aws:PrincipalArn': ROLE } }
  })
  assert.equal((await decrypt(s3Only, keyPolicy)).result, 'ImplicitlyDenied')
  const allowed = await decrypt(allowAll, keyPolicy)
  assert.equal(allowed.result, 'Allowed')
  assert.ok(allowed.decidingStatements.some((s) => s.policy === 'key-policy' && s.sid === 'FunctionRole'))
})

test('a key policy statement naming the session is not capped by the boundary', async () => {
  const keyPolicy = doc({ Effect: 'Allow', Principal: { AWS: SESSION }, Action: 'kms:Decrypt', Resource: '*' })
  assert.equal((await decrypt(s3Only, keyPolicy)).result, 'Allowed')
})

test('kms:EncryptionContext keys reach the conditions', async () => {
  const keyPolicy = doc({
    Effect: 'Allow',
    Principal: { AWS: SESSION },
    Action: 'kms:Decrypt',
    Resource: '*',
    Condition: { StringLike: { 'kms:EncryptionContext:SecretARN': 'arn:aws:secretsmanager:*:secret:iam-onboarding/*' } }
  })
  const inside = { 'kms:EncryptionContext:SecretARN': `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:iam-onboarding/a-AbCdEf` }
  const outside = { 'kms:EncryptionContext:SecretARN': `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:other-AbCdEf` }
  const allowed = await decrypt(allowAll, keyPolicy, inside)
  assert.equal(allowed.result, 'Allowed')
  assert.deepEqual(allowed.ignoredContextKeys, [])
  assert.equal((await decrypt(allowAll, keyPolicy, outside)).result, 'ImplicitlyDenied')
})

test('secretsmanager:ResourceTag keys reach the conditions', async () => {
  const deleteSecret = (tag) =>
    evaluate({
      principal: SESSION,
      action: 'secretsmanager:DeleteSecret',
      resource: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:iam-onboarding/a-AbCdEf`,
      context: { 'secretsmanager:ResourceTag/ManagedBy': tag },
      identityPolicies: [
        {
          name: 'managed-only',
          document: doc({
            Effect: 'Allow',
            Action: 'secretsmanager:DeleteSecret',
            Resource: '*',
            Condition: { StringEquals: { 'secretsmanager:ResourceTag/ManagedBy': 'iam-onboarding' } }
          })
        }
      ]
    })
  assert.equal((await deleteSecret('iam-onboarding')).result, 'Allowed')
  assert.equal((await deleteSecret('someone-else')).result, 'ImplicitlyDenied')
})

test('a malformed request is answered with an error and its id', async () => {
  assert.deepEqual(JSON.parse(await answer('{"id":7,"action":"iam:GetUser"}')), {
    id: 7,
    error: 'principal must be a non-empty string'
  })
  assert.match(JSON.parse(await answer('not json')).error, /^not a JSON object/)
})

test('the process answers every line in order and survives bad ones', async () => {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./evaluate.mjs', import.meta.url))])
  const answers = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  const request = (id) =>
    JSON.stringify({
      id,
      principal: ROLE,
      action: 'iam:GetUser',
      resource: `arn:aws:iam::${ACCOUNT}:user/jane`,
      identityPolicies: [allowAll]
    })
  child.stdin.write([request('first'), '{"id":"broken"', request('second')].join('\n') + '\n')
  const received = []
  for (let i = 0; i < 3; i++) {
    received.push(JSON.parse((await answers.next()).value))
  }
  child.stdin.end()
  assert.deepEqual(received.map((a) => a.id ?? null), ['first', null, 'second'])
  assert.equal(received[0].result, 'Allowed')
  assert.ok(received[1].error)
  assert.equal(received[2].result, 'Allowed')
})
