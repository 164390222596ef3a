#!/usr/bin/env bash
# One Monev cycle over HTTP, with curl, as README "One cycle with curl" describes it: the SPEC §5
# worked example (three bodies, a 70 % SAQ and a 30 % uji publik for SAQ ≥ 60), from an empty
# database to a corrected decree.
#
#   MONEV_DB_PATH=/tmp/walkthrough.sqlite MONEV_ADMIN_USERNAME=admin MONEV_ADMIN_PASSWORD='ganti-kata-sandi-ini' npm start
#   MONEV_ADMIN_USERNAME=admin MONEV_ADMIN_PASSWORD='ganti-kata-sandi-ini' bash docs/walkthrough.sh
#
# API (default http://localhost:3000/api) names the server. It needs a database without the
# commission ki-contoh (a fresh one). The server runs on the real clock, so the edition's windows
# are set around now and the admin moves each one to step from SAQ to verification, masa sanggah
# and uji publik. Any HTTP status other than the expected one stops the script with the body the
# server answered. Needs bash, curl and node (for JSON; no jq).
set -euo pipefail

API=${API:-http://localhost:3000/api}
ADMIN_USER=${MONEV_ADMIN_USERNAME:?set MONEV_ADMIN_USERNAME (and MONEV_ADMIN_PASSWORD) to the first admin the server was started with}
ADMIN_PASSWORD=${MONEV_ADMIN_PASSWORD:?set MONEV_ADMIN_PASSWORD to the password the server was started with}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PASSWORD='kata-sandi-contoh'        # every user created here (12+ characters)
YEAR=$(date +%Y)
E=contoh-$YEAR                      # the edition
DAY=86400

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# ── helpers ──────────────────────────────────────────────────────────────────────────────────────

# call TOKEN METHOD PATH [JSON] — prints the response body; stops on any status but 2xx.
# TOKEN is a bearer token, or - for an anonymous request.
call() {
  local token=$1 method=$2 path=$3 data=${4-} status
  local args=(-sS -o "$WORK/body" -w '%{http_code}' -X "$method")
  if [[ $token != - ]]; then args+=(-H "authorization: Bearer $token"); fi
  if [[ -n $data ]]; then args+=(-H 'content-type: application/json' --data-raw "$data"); fi
  status=$(curl "${args[@]}" "$API$path") || { echo "✗ $method $API$path: no answer from the server" >&2; exit 1; }
  if [[ $status != 2?? ]]; then
    { echo "✗ $method $path answered $status:"; cat "$WORK/body"; echo; } >&2
    exit 1
  fi
  cat "$WORK/body"
}

# refused STATUS TOKEN METHOD PATH [JSON] — a request the rules must refuse with STATUS; prints
# the server's message. Any other status stops the script.
refused() {
  local expected=$1 token=$2 method=$3 path=$4 data=${5-} status
  local args=(-sS -o "$WORK/body" -w '%{http_code}' -X "$method" -H "authorization: Bearer $token")
  if [[ -n $data ]]; then args+=(-H 'content-type: application/json' --data-raw "$data"); fi
  status=$(curl "${args[@]}" "$API$path") || { echo "✗ $method $API$path: no answer from the server" >&2; exit 1; }
  if [[ $status != "$expected" ]]; then
    { echo "✗ $method $path answered $status, expected $expected:"; cat "$WORK/body"; echo; } >&2
    exit 1
  fi
  echo "   refused ($status): $(json r.message < "$WORK/body")"
}

# json EXPRESSION — reads JSON on standard input and prints EXPRESSION of it (the value is r)
json() {
  node -e '
    let text = "";
    process.stdin.on("data", (chunk) => (text += chunk)).on("end", () => {
      if (!text) process.exit(1);
      const value = new Function("r", "return (" + process.argv[1] + ")")(JSON.parse(text));
      console.log(typeof value === "string" ? value : JSON.stringify(value));
    });' "$1"
}

# table — reads a results list (GET …/results) and prints it as the README shows it
table() {
  node -e '
    let text = "";
    process.stdin.on("data", (chunk) => (text += chunk)).on("end", () => {
      if (!text) process.exit(1);
      const results = JSON.parse(text);
      const score = (x) => (x === null ? "—" : x.toFixed(2));
      const stages = Object.keys(results[0].stages);
      const rows = [["rank", "body", ...stages, "final", "predicate", "status"]];
      for (const r of results) {
        rows.push([r.rank === null ? "—" : String(r.rank), `${r.body} ${r.bodyName}`, ...stages.map((s) => score(r.stages[s])), score(r.final), r.predicateLabel ?? "—", r.status]);
      }
      const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
      for (const row of rows) console.log("   " + row.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd());
    });'
}

# at SECONDS — the instant SECONDS from now, RFC 3339 in UTC (GNU date, or BSD date on macOS)
at() {
  local t=$(( $(date +%s) + $1 ))
  date -u -d "@$t" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || date -u -r "$t" +%Y-%m-%dT%H:%M:%SZ
}

# A real edition's calendar spans months. The walkthrough cannot wait, so the admin moves each
# window (PATCH …/stages/:s, audited) to open or to close now. An opening is set a minute back,
# so that closing the window a few seconds later always comes after it.
opened_now() { at -60; }
closed_now() { at -1; }

# move STAGE WINDOW OPENS CLOSES — the admin moves one window of a stage
move() {
  call "$ADMIN" PATCH "/editions/$E/stages/$1" "{\"$2\":{\"opens\":\"$3\",\"closes\":\"$4\"}}" > /dev/null
  echo "   the admin moves $1 $2: $3 … $4"
}

login() { call - POST /auth/login "{\"username\":\"$1\",\"password\":\"$2\"}" | json r.accessToken; }

step() { printf '\n── %s\n' "$*"; }

# ── 1. The admin: commission, instruments, bodies ───────────────────────────────────────────────
step "1. The admin sets up the commission, its instruments and bodies"
ADMIN=$(login "$ADMIN_USER" "$ADMIN_PASSWORD")
commissions=$(call "$ADMIN" GET /commissions)
if [[ $(json 'r.some((c) => c.code === "ki-contoh")' <<< "$commissions") == true ]]; then
  echo "✗ the commission ki-contoh exists already: run the walkthrough on a fresh database (e.g. MONEV_DB_PATH=/tmp/walkthrough.sqlite npm start)" >&2
  exit 1
fi
call "$ADMIN" POST /commissions '{"code":"ki-contoh","name":"Komisi Informasi Contoh","city":"Samarinda"}' > /dev/null
# instruments are posted as JSON (the YAML of questionnaires/ converted); the same id and version
# with other content is 409, the same content again 200
for file in saq-contoh rubrik-uji-publik-contoh; do
  definition=$(cd "$ROOT" && npx --no -- yaml --single --json < "questionnaires/$file.yaml")
  stored=$(call "$ADMIN" POST /instruments "$definition")
  echo "   instrument $(json '`${r.id} v${r.version} (${r.kind})`' <<< "$stored")"
done
call "$ADMIN" POST /commissions/ki-contoh/bodies '[
  {"code":"a","name":"Badan Publik A","category":"pemprov"},
  {"code":"b","name":"Badan Publik B","category":"pemprov"},
  {"code":"c","name":"Badan Publik C","category":"pemprov"}]' > /dev/null
echo "   bodies a, b, c (pemprov)"

# ── 2. The edition, its participants, users and assignments ─────────────────────────────────────
step "2. The edition $E (SPEC §4) with its windows around now, participants, users, assignments"
SAQ_OPENS=$(opened_now);          SAQ_CLOSES=$(at $((14 * DAY)))
VERIFICATION_OPENS=$(at $((15 * DAY))); VERIFICATION_CLOSES=$(at $((29 * DAY)))
OBJECTION_OPENS=$(at $((30 * DAY)));    OBJECTION_CLOSES=$(at $((36 * DAY)))
PANEL_OPENS=$(at $((45 * DAY)));        PANEL_CLOSES=$(at $((59 * DAY)))
call "$ADMIN" POST /editions '{
  "code": "'"$E"'", "commission": "ki-contoh", "year": '"$YEAR"',
  "title": "Monitoring dan Evaluasi Keterbukaan Informasi Publik Tahun '"$YEAR"' (contoh)",
  "simulated": true,
  "categories": [{"code": "pemprov", "name": "Pemerintah Provinsi"}],
  "stages": [
    {"code": "saq", "kind": "questionnaire", "instrument": {"id": "saq-contoh", "version": 1}, "weight": 70,
     "window":             {"opens": "'"$SAQ_OPENS"'", "closes": "'"$SAQ_CLOSES"'"},
     "verificationWindow": {"opens": "'"$VERIFICATION_OPENS"'", "closes": "'"$VERIFICATION_CLOSES"'"},
     "objectionWindow":    {"opens": "'"$OBJECTION_OPENS"'", "closes": "'"$OBJECTION_CLOSES"'"}},
    {"code": "uji-publik", "kind": "panel", "instrument": {"id": "rubrik-uji-publik-contoh", "version": 1}, "weight": 30,
     "gate": {"minScore": 60}, "minAssessors": 2, "aggregate": "mean",
     "window": {"opens": "'"$PANEL_OPENS"'", "closes": "'"$PANEL_CLOSES"'"}}],
  "certificate": {"predicates": ["informatif", "menuju_informatif", "cukup_informatif"], "city": "Samarinda",
                  "signatory": {"name": "Nama Ketua", "title": "Ketua Komisi Informasi Contoh"}}
}' > /dev/null
echo "   saq window $SAQ_OPENS … $SAQ_CLOSES; verification, masa sanggah and uji publik later"
call "$ADMIN" POST "/editions/$E/participants" '{"bodies":["a","b","c"]}' > /dev/null
call "$ADMIN" POST /users '{"username":"verifikator","password":"'"$PASSWORD"'","role":"verifier","commission":"ki-contoh"}' > /dev/null
for juror in juri1 juri2 juri3; do
  call "$ADMIN" POST /users '{"username":"'"$juror"'","password":"'"$PASSWORD"'","role":"juror","commission":"ki-contoh"}' > /dev/null
done
for body in a b c; do
  call "$ADMIN" POST /users '{"username":"ppid-'"$body"'","password":"'"$PASSWORD"'","role":"body","commission":"ki-contoh","body":"'"$body"'"}' > /dev/null
done
echo "   users verifikator, juri1, juri2, juri3, ppid-a, ppid-b, ppid-c"
# verifiers to the questionnaire stage, jurors to the panel stage
call "$ADMIN" POST "/editions/$E/assignments" '[
  {"stage":"saq","username":"verifikator","body":"a"},
  {"stage":"saq","username":"verifikator","body":"b"},
  {"stage":"saq","username":"verifikator","body":"c"},
  {"stage":"uji-publik","username":"juri1","body":"a"},
  {"stage":"uji-publik","username":"juri2","body":"a"},
  {"stage":"uji-publik","username":"juri3","body":"a"}]' > /dev/null
echo "   verifikator → a, b, c (saq); juri1, juri2, juri3 → a (uji-publik)"

# ── 3. SAQ window: the bodies answer ────────────────────────────────────────────────────────────
step "3. SAQ window: A answers and submits; B starts; C does nothing"
A=$(login ppid-a "$PASSWORD")
B=$(login ppid-b "$PASSWORD")
C=$(login ppid-c "$PASSWORD")
# value: true/false (yes_no), an option value (choice), an array of item values (checklist);
# evidence: http(s) links. A's 2.2 has no evidence: required, so it will earn nothing verified.
call "$A" PUT "/editions/$E/saq/a/answers/1.1" '{"value":true,"evidence":["https://ppid.a.example.go.id/dip"]}' > /dev/null
call "$A" PUT "/editions/$E/saq/a/answers/1.2" '{"value":"situs"}' > /dev/null
call "$A" PUT "/editions/$E/saq/a/answers/1.3" '{"value":["laporan-keuangan","profil"]}' > /dev/null
call "$A" PUT "/editions/$E/saq/a/answers/2.1" '{"value":true}' > /dev/null
call "$A" PUT "/editions/$E/saq/a/answers/2.2" '{"value":true}' > /dev/null
submitted=$(call "$A" POST "/editions/$E/saq/a/submit")
echo "   A submitted: claimed $(json r.claimedScore <<< "$submitted")"
call "$B" PUT "/editions/$E/saq/b/answers/1.1" '{"value":true,"evidence":["https://ppid.b.example.go.id/dip"]}' > /dev/null
saved=$(call "$B" PUT "/editions/$E/saq/b/answers/1.2" '{"value":"situs"}')
echo "   B has answered 1.1 and 1.2: claimed so far $(json r.claimedScore <<< "$saved")"

# ── 4. The deadline, and a late body ────────────────────────────────────────────────────────────
step "4. The deadline: B's server was flooded; before the window closes, the admin extends it for B"
extension=$(call "$ADMIN" POST "/editions/$E/extensions" '{"stage":"saq","body":"b","until":"'"$(at $((16 * DAY)))"'","reason":"Server PPID terdampak banjir"}')
echo "   extension for B until $(json r.until <<< "$extension") ($(json r.reason <<< "$extension"))"
SAQ_CLOSES=$(closed_now)
move saq window "$SAQ_OPENS" "$SAQ_CLOSES"
refused 409 "$C" PUT "/editions/$E/saq/c/answers/2.1" '{"value":true}'
call "$B" PUT "/editions/$E/saq/b/answers/1.3" '{"value":["laporan-kinerja"]}' > /dev/null
call "$B" PUT "/editions/$E/saq/b/answers/2.1" '{"value":false}' > /dev/null
call "$B" PUT "/editions/$E/saq/b/answers/2.2" '{"value":true,"evidence":["https://ppid.b.example.go.id/anggaran"]}' > /dev/null
submitted=$(call "$B" POST "/editions/$E/saq/b/submit")
echo "   B submitted inside its extension: claimed $(json r.claimedScore <<< "$submitted")"
view=$(call "$A" GET "/editions/$E/saq/a")
echo "   A's SAQ: status $(json r.status <<< "$view"), claimed $(json r.claimedScore <<< "$view"); C never submits"

# ── 5. Verification ─────────────────────────────────────────────────────────────────────────────
step "5. Verification window: the verifier decides (accept is the default) and completes"
VERIFICATION_OPENS=$(opened_now)
move saq verificationWindow "$VERIFICATION_OPENS" "$VERIFICATION_CLOSES"
V=$(login verifikator "$PASSWORD")
call "$V" PUT "/editions/$E/verification/a/answers/1.3" '{"decision":"correct","value":["laporan-keuangan"],"note":"Profil pimpinan tidak ditemukan"}' > /dev/null
completed=$(call "$V" POST "/editions/$E/verification/a/complete")
echo "   A verified: $(json r.verifiedScore <<< "$completed") (1.3 corrected to [laporan-keuangan]; 2.2 without evidence earns 0)"
# a mistake, found only after the decree (step 10): B's budget link did open
call "$V" PUT "/editions/$E/verification/b/answers/2.2" '{"decision":"reject","note":"Tautan bukti anggaran tidak dapat dibuka"}' > /dev/null
completed=$(call "$V" POST "/editions/$E/verification/b/complete")
echo "   B verified: $(json r.verifiedScore <<< "$completed") (2.2 rejected)"
VERIFICATION_CLOSES=$(closed_now)
move saq verificationWindow "$VERIFICATION_OPENS" "$VERIFICATION_CLOSES"

# ── 6. Masa sanggah ─────────────────────────────────────────────────────────────────────────────
step "6. Objection window (masa sanggah): A objects to the correction of 1.3; the verifier rejects it"
OBJECTION_OPENS=$(opened_now)
move saq objectionWindow "$OBJECTION_OPENS" "$OBJECTION_CLOSES"
objection=$(call "$A" POST "/editions/$E/objections" '{"body":"a","question":"1.3","reason":"Profil pimpinan ada di situs PPID"}')
id=$(json r.id <<< "$objection")
ruling=$(call "$V" PUT "/editions/$E/objections/$id" '{"decision":"rejected","note":"Tautan tidak memuat profil pimpinan"}')
echo "   objection $id on 1.3: $(json r.status <<< "$ruling") (a ruling is final)"
OBJECTION_CLOSES=$(closed_now)
move saq objectionWindow "$OBJECTION_OPENS" "$OBJECTION_CLOSES"

# ── 7. Who reaches the uji publik ───────────────────────────────────────────────────────────────
step "7. Compute: the draft results decide who reaches the gated uji publik (saq ≥ 60)"
call "$ADMIN" POST "/editions/$E/compute" | table

# ── 8. Uji publik ───────────────────────────────────────────────────────────────────────────────
step "8. Panel window: juri1 and juri2 score A and submit (the sheet locks); juri3 recuses"
PANEL_OPENS=$(opened_now)
move uji-publik window "$PANEL_OPENS" "$PANEL_CLOSES"
J1=$(login juri1 "$PASSWORD")
J2=$(login juri2 "$PASSWORD")
J3=$(login juri3 "$PASSWORD")
call "$J1" PUT "/editions/$E/panels/uji-publik/scores/a" '{"scores":{"K":80,"I":70,"S":90}}' > /dev/null
call "$J1" POST "/editions/$E/panels/uji-publik/scores/a/submit" > /dev/null
call "$J2" PUT "/editions/$E/panels/uji-publik/scores/a" '{"scores":{"K":85,"I":75,"S":80},"comment":"Inovasi layanan baik"}' > /dev/null
call "$J2" POST "/editions/$E/panels/uji-publik/scores/a/submit" > /dev/null
call "$J3" POST "/editions/$E/panels/uji-publik/recusals/a" '{"reason":"Konflik kepentingan"}' > /dev/null
refused 409 "$J1" PUT "/editions/$E/panels/uji-publik/scores/a" '{"scores":{"K":95,"I":70,"S":90}}'
sheets=$(call "$ADMIN" GET "/editions/$E/panels/uji-publik/scores/a")
echo "   sheets of A: $(json 'r.sheets.map((s) => `${s.assessor} ${s.status}${s.total === null ? "" : " " + s.total}`).join(", ")' <<< "$sheets")"
PANEL_CLOSES=$(closed_now)
move uji-publik window "$PANEL_OPENS" "$PANEL_CLOSES"

# ── 9. Results ──────────────────────────────────────────────────────────────────────────────────
step "9. Compute the results (with the breakdown of A)"
call "$ADMIN" POST "/editions/$E/compute" | table
breakdown=$(call "$ADMIN" GET "/editions/$E/results/a")
echo "   A: $(json r.trace.final.formula <<< "$breakdown")"

# ── 10. Penetapan ───────────────────────────────────────────────────────────────────────────────
step "10. Penetapan: the admin publishes version 1; anyone reads it"
published=$(call "$ADMIN" POST "/editions/$E/publications" '{"decreeNumber":"52/KEP/KI-CONTOH/XII/'"$YEAR"'","decreeDate":"'"$(date +%F)"'"}')
echo "   version $(json r.version <<< "$published"): SK $(json r.decreeNumber <<< "$published") of $(json r.decreeDate <<< "$published")"
call - GET "/public/editions/$E/results" | table
call - GET "/public/editions/$E/ranking.xlsx" > "$WORK/peringkat.xlsx"
echo "   public ranking workbook: $(wc -c < "$WORK/peringkat.xlsx" | tr -d ' ') bytes"

# The certificate of A (Cukup Informatif is awarded in this edition) prints a verification code
# that anyone checks; its QR code is also a link to the verification address, which ends in the
# code: node reads it from there (the printed text is in an embedded font, not plain in the file).
certificate_code() {
  node -e '
    const pdf = require("fs").readFileSync(process.argv[1]).toString("latin1");
    const code = /\/URI \([^)]*\/certificates\/([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})\)/.exec(pdf);
    if (!code) process.exit(1);
    console.log(code[1]);' "$1"
}
call "$A" GET "/editions/$E/certificates/a.pdf" > "$WORK/piagam-a-v1.pdf"
CODE_V1=$(certificate_code "$WORK/piagam-a-v1.pdf")
check=$(call - GET "/public/certificates/$CODE_V1")
echo "   A's certificate, code $CODE_V1: $(json '`valid ${r.valid}, version ${r.version}, ${r.bodyName} ${r.final} ${r.predicate}, superseded ${r.superseded}`' <<< "$check")"

# ── 11. A correction ────────────────────────────────────────────────────────────────────────────
step "11. A correction: B shows that its budget link opens; the commission reopens the masa sanggah"
OBJECTION_OPENS=$(opened_now); OBJECTION_CLOSES=$(at $((3 * DAY)))
move saq objectionWindow "$OBJECTION_OPENS" "$OBJECTION_CLOSES"
objection=$(call "$B" POST "/editions/$E/objections" '{"body":"b","question":"2.2","reason":"Tautan bukti anggaran dapat dibuka; mohon diperiksa ulang"}')
id=$(json r.id <<< "$objection")
ruling=$(call "$V" PUT "/editions/$E/objections/$id" '{"decision":"upheld","note":"Tautan dapat dibuka; bukti sah"}')
echo "   objection $id on 2.2: $(json r.status <<< "$ruling") (B's own answer counts again)"
OBJECTION_CLOSES=$(closed_now)
move saq objectionWindow "$OBJECTION_OPENS" "$OBJECTION_CLOSES"
# version 1 is immutable: only a new version, with a reason, corrects it
call "$ADMIN" POST "/editions/$E/compute" > /dev/null
published=$(call "$ADMIN" POST "/editions/$E/publications" '{"decreeNumber":"53/KEP/KI-CONTOH/XII/'"$YEAR"'","decreeDate":"'"$(date +%F)"'","reason":"Sanggah Badan Publik B atas pertanyaan 2.2 dikabulkan"}')
echo "   version $(json r.version <<< "$published"): SK $(json r.decreeNumber <<< "$published") — $(json r.reason <<< "$published")"
history=$(call - GET "/public/editions/$E/publications")
json 'r.map((p) => `   v${p.version} SK ${p.decreeNumber}${p.superseded ? " (superseded)" : ""}${p.reason ? " — " + p.reason : ""}`).join("\n")' <<< "$history"
check=$(call - GET "/public/certificates/$CODE_V1")
echo "   the version 1 certificate of A: valid $(json r.valid <<< "$check"), superseded $(json r.superseded <<< "$check")"
call "$A" GET "/editions/$E/certificates/a.pdf" > "$WORK/piagam-a-v2.pdf"
CODE_V2=$(certificate_code "$WORK/piagam-a-v2.pdf")
check=$(call - GET "/public/certificates/$CODE_V2")
echo "   A's new certificate, code $CODE_V2: valid $(json r.valid <<< "$check"), version $(json r.version <<< "$check"), superseded $(json r.superseded <<< "$check")"
audit=$(call "$ADMIN" GET "/editions/$E/audit?body=b")
echo "   audit trail of B: $(json 'r.length' <<< "$audit") entries, e.g. $(json 'r.filter((e) => e.subject.endsWith("2.2")).map((e) => `${e.action} by ${e.actor}`).join(", ")' <<< "$audit")"

# ── The published results ───────────────────────────────────────────────────────────────────────
step "The published results of $E (version 2, GET /api/public/editions/$E/results)"
call - GET "/public/editions/$E/results" | table
