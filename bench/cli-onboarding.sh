#!/usr/bin/env bash
# The baseline: what an administrator would script with the AWS CLI for the tutorial's procedure
# (account alias, user with console password, group, virtual MFA with its QR code kept in S3,
# access key kept in Secrets Manager): 11 or 12 calls (the alias only once), one after another,
# against moto_server.
#   bench/cli-onboarding.sh <endpoint-url> <user-name>
# It expects the group iam-onboarding-developers and the bucket in $QR_BUCKET (default
# bench-qr-codes) to exist, as bench/onboarding.sh creates them. TOTP codes come from the seed with
# Python's hmac, as oathtool would compute them.
set -euo pipefail

endpoint="$1"
user="$2"
bucket="${QR_BUCKET:-bench-qr-codes}"
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=""
aws_() { aws --endpoint-url "$endpoint" --output text "$@"; }
workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT

if [[ "$(aws_ iam list-account-aliases --query 'AccountAliases[0]')" == "None" ]]; then
  aws_ iam create-account-alias --account-alias bench-example-corp >/dev/null
fi
aws_ iam get-account-password-policy >/dev/null 2>&1 || true
aws_ iam create-user --user-name "$user" --path /onboarded/ --tags Key=ManagedBy,Value=bench >/dev/null
password="$(python3 -c 'import secrets, string; a = string.ascii_letters + string.digits + "!@#%^*"; print("Aa1!" + "".join(secrets.choice(a) for _ in range(20)))')"
aws_ iam create-login-profile --user-name "$user" --password "$password" --password-reset-required >/dev/null
aws_ iam add-user-to-group --user-name "$user" --group-name iam-onboarding-developers >/dev/null
serial="$(aws_ iam create-virtual-mfa-device --virtual-mfa-device-name "$user" --outfile "$workdir/seed.txt" \
  --bootstrap-method Base32StringSeed --query VirtualMFADevice.SerialNumber)"
seed="$(cat "$workdir/seed.txt")"
read -r code1 code2 < <(python3 - "$seed" <<'PY'
import base64, hashlib, hmac, struct, sys, time
key = base64.b32decode(sys.argv[1] + "=" * (-len(sys.argv[1]) % 8))
def totp(step):
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000)
step = int(time.time()) // 30
print(totp(step - 1), totp(step))
PY
)
aws_ iam enable-mfa-device --user-name "$user" --serial-number "$serial" --authentication-code1 "$code1" \
  --authentication-code2 "$code2" >/dev/null
# The QR code is the otpauth URI of the seed: what the authenticator app scans.
printf 'otpauth://totp/bench:%s?secret=%s&issuer=bench' "$user" "$seed" > "$workdir/qr.txt"
aws_ s3api put-object --bucket "$bucket" --key "mfa/$user/qr.txt" --body "$workdir/qr.txt" >/dev/null
keys="$(aws_ iam create-access-key --user-name "$user" --query 'AccessKey.[AccessKeyId,SecretAccessKey]')"
aws_ secretsmanager create-secret --name "bench/$user/console-password" --secret-string "$password" >/dev/null
aws_ secretsmanager create-secret --name "bench/$user/access-key" --secret-string "$keys" >/dev/null
