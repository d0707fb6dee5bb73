#!/usr/bin/env bash
# awardctl as people use it, against a real awardd: exit codes, Vietnamese
# errors with the rule cited, --json, the demo (and its second run, which
# records nothing new), then awardd's data directory lock and a restart that
# continues where it stopped.
#   awardctl_cli_test.sh AWARDD AWARDCTL REPOSITORY
set -uo pipefail
AWARDD="$1"
AWARDCTL="$2"
RULES_DIR="$3/rules"
source "$(dirname "$0")/server_lib.sh"
work="$(mktemp -d)"
trap 'kill "$AWARDD_PID" 2>/dev/null || true; rm -rf "$work"' EXIT
failures=0
fail() {
  echo "FAILED: $*" >&2
  failures=$((failures + 1))
}
# expect CODE COMMAND...: runs it with stdout and stderr kept in $work/out, $work/err
expect() {
  local want="$1"
  shift
  "$@" >"$work/out" 2>"$work/err"
  local got=$?
  [ "$got" -eq "$want" ] || fail "exit $got, not $want: $* ($(head -c 400 "$work/err"))"
}
contains() { grep -qF -- "$2" "$work/$1" || fail "$1 of the last command lacks '$2'"; }

start_awardd "$work/data" || exit 1

expect 2 "$AWARDCTL"
expect 2 "$AWARDCTL" frobnicate
expect 2 "$AWARDCTL" nomination frobnicate
expect 0 "$AWARDCTL" --help
contains out "Nhóm:"
expect 0 "$AWARDCTL" nomination --help
contains out "submit"
expect 0 "$AWARDCTL" meeting ballot --help
contains out "--choice"
expect 1 "$AWARDCTL" nomination get --nomination_id=khong-co
contains err "lỗi: NOT_FOUND"
expect 1 "$AWARDCTL" nomination draft --draft.kind=huy_chuong_vang
contains err "trường: draft.kind"
expect 1 "$AWARDCTL" --server=127.0.0.1:1 --timeout=1s authority get --authority_id=x
contains err "lỗi: UNAVAILABLE"

expect 0 "$AWARDCTL" demo
contains out "Quyết định số 4/QĐ-UBND"
contains out "Thống kê khen thưởng xã Tân Lập"
sed -n '/^Bảng/,/^Xong/p' "$work/out" | grep -v '^Xong\|^$' >"$work/table-1"
expect 0 "$AWARDCTL" demo
sed -n '/^Bảng/,/^Xong/p' "$work/out" | grep -v '^Xong\|^$' >"$work/table-2"
cmp -s "$work/table-1" "$work/table-2" || fail "a second demo changed the statistics"

# A grassroots emulation fighter rated only good, without an initiative: R3.
n="cli-cstd-1"
expect 0 "$AWARDCTL" nomination draft --draft.nomination_id=$n --draft.authority_id=ubnd-xa-tan-lap \
  --draft.proposer_unit="Trường THCS Tân Lập" --draft.nominee.subject_type=individual \
  --draft.nominee.awardee_id=i-00000000000000000001 --draft.nominee.full_name="Lê Văn Tám" \
  --draft.kind=cstd_co_so --draft.period.year=2025 --draft.basis=merit \
  --draft.years[0].year=2025 --draft.years[0].rating=good
contains out "Trạng thái: Dự thảo"
for kind in submission_memo achievement_report review_minutes initiative_certification; do
  expect 0 "$AWARDCTL" nomination attach --nomination_id=$n --document.kind=$kind \
    --document.title="$kind" --document.sha256="$(printf '%s' "$n$kind" | sha256sum | cut -c1-64)"
done
expect 1 "$AWARDCTL" nomination submit --nomination_id=$n --received_on=2025-12-10
contains err "lỗi: FAILED_PRECONDITION"
contains err "quy tắc: R3"
expect 1 "$AWARDCTL" --json nomination submit --nomination_id=$n --received_on=2025-12-10
/usr/bin/python3 -c 'import json,sys; e=json.load(open(sys.argv[1])); assert e["code"]=="FAILED_PRECONDITION" and e["rules"]==["R3"], e' "$work/err" ||
  fail "--json error is not the expected JSON"
expect 0 "$AWARDCTL" --json query statistics --authority_id=ubnd-xa-tan-lap --from_year=2025 --to_year=2025
/usr/bin/python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["table"]; assert t["totals"]==["186"], t' "$work/out" ||
  fail "--json statistics are not the demo's"

# One process per data directory; a restart continues where it stopped.
expect 1 "$AWARDD" --data_dir="$work/data" --listen=127.0.0.1:0 --rules_dir="$RULES_DIR/vn"
contains err "in use by another process"
stop_awardd || fail "awardd did not stop cleanly"
start_awardd "$work/data" || exit 1
expect 0 "$AWARDCTL" query statistics --authority_id=ubnd-xa-tan-lap --from_year=2025 --to_year=2026 \
  --min_position=0
grep -v '^$' "$work/out" >"$work/table-3"
cmp -s "$work/table-1" "$work/table-3" || fail "after a restart the statistics differ"
stop_awardd || fail "awardd did not stop cleanly"

[ "$failures" -eq 0 ] || { echo "$failures failures" >&2; exit 1; }
echo "awardctl and awardd: all checks passed"
