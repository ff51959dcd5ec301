// Authorises AWS requests the way IAM would, for the local stack (moto enforces no policy).
// One JSON request per line on stdin, one JSON answer per line on stdout, in the same order and
// with the same id; see README.md for both formats. A bad request gets an answer with `error`
// and the process keeps serving: it runs for as long as its stdin stays open.

import { createInterface } from 'node:readline'
import { pathToFileURL } from 'node:url'
import { getDenialReasons, getGrantReasons, runSimulation } from '@cloud-copilot/iam-simulate'

const RESULTS = new Set(['Allowed', 'ExplicitlyDenied', 'ImplicitlyDenied'])

const POLICY_TYPES = {
  identity: 'identity',
  resource: 'resource',
  pb: 'permissionsBoundary',
  scp: 'scp',
  rcp: 'rcp',
  vpce: 'vpcEndpoint',
  's3-bpa': 's3BlockPublicAccess'
}

// Two families of condition keys AWS sets that iam-simulate 0.1.173 cannot carry in a request
// context: `kms:EncryptionContext:<key>` is dropped (it only recognises variable keys of the form
// `prefix/<key>`), so a policy conditioning on it could never match; `secretsmanager:ResourceTag/<key>`
// makes it throw. Both the context and the policies carry them under this alias instead; tag keys
// can never start with `aws:`, so the alias cannot meet a real request tag.
const UNSUPPORTED_KEYS = /^(kms:EncryptionContext:|secretsmanager:ResourceTag\/)/i
const ALIAS_PREFIX = 'aws:RequestTag/aws:'

const aliasKey = (key) => (UNSUPPORTED_KEYS.test(key) ? ALIAS_PREFIX + key : key)
const unaliasKey = (key) => (key.startsWith(ALIAS_PREFIX) ? key.slice(ALIAS_PREFIX.length) : key)

class BadRequest extends Error {}

/** Evaluates one request object; returns the answer without its id. */
export async function evaluate(request) {
  if (request.ping === true) {
    return { ready: true }
  }
  const simulation = toSimulation(request)
  const response = await runSimulation(simulation, {})
  if (response.resultType === 'error') {
    return { error: `${describeErrors(response.errors)} (${request.action} on ${request.resource})` }
  }
  const results = response.resultType === 'single' ? [response.result] : response.results
  const decisive = results.filter((r) => r.analysis.result === response.overallResult)
  const answer = {
    result: response.overallResult,
    decidingStatements: [],
    blockedBy: [],
    ignoredContextKeys: unique(results.flatMap((r) => r.ignoredContextKeys ?? []).map(unaliasKey))
  }
  for (const r of decisive) {
    const capped = boundaryCapsWildcardGrant(r.analysis, request.principal)
    if (capped) {
      answer.result = 'ImplicitlyDenied'
      answer.adjustments = ['permissionsBoundaryCapsWildcardPrincipal']
    }
    answer.decidingStatements.push(...decidingStatements(r.analysis, capped, request.resourcePolicy))
    answer.blockedBy.push(...(r.analysis.blockedBy ?? []).map((t) => POLICY_TYPES[t] ?? t))
    if (capped) {
      answer.blockedBy.push(POLICY_TYPES.pb)
    }
    if (r.resourceType) {
      answer.resourceType = r.resourceType
    }
  }
  answer.blockedBy = unique(answer.blockedBy)
  return answer
}

/**
 * Whether an Allow reached the caller past an implicit deny of its permissions boundary only
 * through a resource-policy statement that does not name it. iam-simulate lets any same-account
 * statement whose principal matches (`"*"` included, and for an IAM role only `"*"`) pass the
 * boundary; AWS documents that only grants naming the IAM user, the role session or the
 * federated user do. We treat `"*"` like the role ARN: capped by the boundary.
 */
function boundaryCapsWildcardGrant(analysis, principal) {
  if (analysis.result !== 'Allowed' || analysis.permissionBoundaryAnalysis?.result !== 'ImplicitlyDenied') {
    return false
  }
  if (/^arn:[^:]+:iam::[^:]*:role\//.test(principal)) {
    return true
  }
  const statements = analysis.resourceAnalysis?.allowStatements ?? []
  return !statements.some((s) =>
    [s.explain.principals ?? []].flat().some((p) => p.matches === 'Match' && p.principal !== '*')
  )
}

function decidingStatements(analysis, capped, resourcePolicy) {
  if (capped) {
    return [{ policyType: POLICY_TYPES.pb, kind: 'implicitDeny' }]
  }
  const resourcePolicyName = resourcePolicy?.name
  const named = (policyType, policyIdentifier) =>
    policyType === 'resource' ? resourcePolicyName : (policyIdentifier ?? undefined)
  if (analysis.result === 'Allowed') {
    return getGrantReasons(analysis).map((g) =>
      withoutUndefined({
        policyType: POLICY_TYPES[g.policyType] ?? g.policyType,
        kind: 'allow',
        policy: named(g.policyType, g.policyIdentifier),
        sid: g.statementId,
        statementIndex: g.statementIndex
      })
    )
  }
  return getDenialReasons(analysis).map((d) =>
    withoutUndefined({
      policyType: POLICY_TYPES[d.policyType] ?? d.policyType,
      kind: d.denialType === 'Explicit' ? 'explicitDeny' : 'implicitDeny',
      policy: d.denialType === 'Explicit' ? named(d.policyType, d.policyIdentifier) : d.identifier,
      sid: d.statementId,
      statementIndex: d.statementIndex
    })
  )
}

function toSimulation(request) {
  requireString(request.principal, 'principal')
  requireString(request.action, 'action')
  requireString(request.resource, 'resource')
  const simulation = {
    request: {
      principal: request.principal,
      action: request.action,
      resource: {
        resource: request.resource,
        accountId: request.resourceAccount ?? accountOf(request.resource) ?? accountOf(request.principal)
      },
      contextVariables: context(request.context ?? {})
    },
    identityPolicies: policies(request.identityPolicies ?? [], 'identityPolicies'),
    serviceControlPolicies: (request.scps ?? []).map((level, i) => ({
      orgIdentifier: level.orgIdentifier ?? `scp-level-${i + 1}`,
      policies: policies(level.policies ?? [], `scps[${i}].policies`)
    })),
    resourceControlPolicies: []
  }
  if (request.permissionBoundaries?.length) {
    simulation.permissionBoundaryPolicies = policies(request.permissionBoundaries, 'permissionBoundaries')
  }
  if (request.resourcePolicy) {
    simulation.resourcePolicy = policies([request.resourcePolicy], 'resourcePolicy')[0].policy
  }
  return simulation
}

function context(values) {
  if (typeof values !== 'object' || Array.isArray(values)) {
    throw new BadRequest('context must be an object of condition keys')
  }
  const out = {}
  for (const [key, value] of Object.entries(values)) {
    const valid = typeof value === 'string' || (Array.isArray(value) && value.every((v) => typeof v === 'string'))
    if (!valid) {
      throw new BadRequest(`context key ${key} must be a string or an array of strings`)
    }
    out[aliasKey(key)] = value
  }
  return out
}

/** Policies as `{name, document}` (document: an object or its JSON text), or bare documents. */
function policies(list, field) {
  if (!Array.isArray(list)) {
    throw new BadRequest(`${field} must be an array`)
  }
  return list.map((entry, i) => {
    const bare = entry && entry.document === undefined
    let document = bare ? entry : entry.document
    if (typeof document === 'string') {
      try {
        document = JSON.parse(document)
      } catch {
        throw new BadRequest(`${field}[${i}] is not valid JSON`)
      }
    }
    if (!document || typeof document !== 'object') {
      throw new BadRequest(`${field}[${i}] has no policy document`)
    }
    return { name: (!bare && entry.name) || `${field}[${i}]`, policy: aliasConditionKeys(document) }
  })
}

function aliasConditionKeys(document) {
  const statements = [document.Statement ?? []].flat()
  const aliased = statements.map((statement) => {
    if (!statement || typeof statement.Condition !== 'object' || statement.Condition === null) {
      return statement
    }
    const condition = {}
    for (const [operator, keys] of Object.entries(statement.Condition)) {
      condition[operator] =
        keys && typeof keys === 'object'
          ? Object.fromEntries(Object.entries(keys).map(([k, v]) => [aliasKey(k), v]))
          : keys
    }
    return { ...statement, Condition: condition }
  })
  return { ...document, Statement: Array.isArray(document.Statement) ? aliased : aliased[0] }
}

function describeErrors(errors) {
  const details = Object.entries(errors)
    .filter(([key]) => key !== 'message')
    .map(([key, value]) => `${key}: ${JSON.stringify(value)}`)
  return [errors.message, ...details].join('; ')
}

function accountOf(arn) {
  const account = arn.split(':')[4]
  return account && /^\d{12}$/.test(account) ? account : undefined
}

function requireString(value, field) {
  if (typeof value !== 'string' || value === '') {
    throw new BadRequest(`${field} must be a non-empty string`)
  }
}

const unique = (values) => [...new Set(values)]

const withoutUndefined = (object) =>
  Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined))

/** The answer line for one request line; never throws. */
export async function answer(line) {
  let id = null
  try {
    const request = JSON.parse(line)
    if (!request || typeof request !== 'object' || Array.isArray(request)) {
      throw new BadRequest('a request must be a JSON object')
    }
    id = request.id ?? null
    if (typeof id !== 'string' && typeof id !== 'number') {
      throw new BadRequest('id must be a string or a number')
    }
    const result = await evaluate(request)
    if (result.result !== undefined && !RESULTS.has(result.result)) {
      throw new Error(`unexpected result ${result.result}`)
    }
    return JSON.stringify({ id, ...result })
  } catch (e) {
    const message = e instanceof SyntaxError ? `not a JSON object: ${e.message}` : e.message
    const prefix = e instanceof BadRequest || e instanceof SyntaxError ? '' : 'evaluation failed: '
    return JSON.stringify({ id, error: prefix + message })
  }
}

async function serve() {
  process.stdout.on('error', () => process.exit(0))
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity })
  for await (const line of lines) {
    if (line.trim() !== '') {
      process.stdout.write((await answer(line)) + '\n')
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await serve()
}
