#!/usr/bin/env bash
# Generator throughput benchmark: the packaged app's 'generate' (Avro through the registry,
# idempotent, acks=all) against Kafka's own ProducerPerformance with the same record count,
# the same records (a sample of the generator's own, as its payload file), acks, idempotence,
# in-flight limit, compression, linger and batch size, on one broker started for the purpose.
# The sides alternate (generator, baseline, generator, baseline, ...). Round 1 warms the broker up and is
# printed but not counted: whichever side runs first meets a broker still compiling its hot paths (its C2
# thread took a third of a core during the generator's first run). The result is the mean of the later
# rounds' rates for each side, and the ratio of those means.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RECORDS=1000000
KEEP_STACK=false
BUILD=true
RANDOM_PAYLOAD=false
ROUNDS=4
# Payloads in ProducerPerformance's file, drawn evenly from the generator's first N records.
SAMPLES=50000
STACK_DIR="$ROOT/bench/.stack"
KAFKA_PORT=49192
REGISTRY_PORT=48181
# The generator's JVM: a bounded heap, so RSS stays a fair figure for a pod's memory limit. SerialGC and
# 128 MB: the live set is ~50 MB (a third of it the producer's buffer pool); ParallelGC at 160 MB peaked
# 30-40 MB higher at 3M records for no clear gain in rate on 2 shared cores.
GENERATOR_JAVA_OPTS=${GENERATOR_JAVA_OPTS:--Xmx128m -XX:+UseSerialGC -XX:MaxMetaspaceSize=96m}
COMPRESSION=lz4
LINGER_MS=20
BATCH_SIZE=262144

usage() {
  cat <<USAGE
Usage: bench/generator/run.sh [options]

Produces N records with the generator, then N records with org.apache.kafka.tools.ProducerPerformance
(kafka-tools 4.1.0) to the same broker, with acks=all, idempotence, max.in.flight 5, compression
$COMPRESSION, linger.ms $LINGER_MS, batch.size $BATCH_SIZE. The baseline's payloads are $SAMPLES of
the generator's records (bench/generator/PayloadSample.java), so both send the same sizes and
compress alike; the broker's stored bytes per record of each side are printed to show it.
Prints both rates and the ratio and writes bench/results/generator.json (a full run: default size)
or target/bench/generator.json (any other run).
Starts its own Kafka + registry in bench/.stack (ports $KAFKA_PORT/$REGISTRY_PORT...) and stops them at the end.

Options:
  --records N     records per side and round (default $RECORDS)
  --rounds N      rounds of generator-then-baseline (default $ROUNDS); the first warms the broker up,
                  the result is the mean of the others
  --skip-build    use the existing target/quarkus-app (default: ./mvnw package -DskipTests first)
  --keep-stack    leave the benchmark stack running afterwards
  --random-payload  baseline sends random letters of the generator's average size instead
                  (ProducerPerformance --record-size; lz4 barely compresses them)
  -h, --help      this help

Environment: GENERATOR_JAVA_OPTS (default: $GENERATOR_JAVA_OPTS)
USAGE
}

# shellcheck source=../results.sh
source "$ROOT/bench/results.sh"
DEFAULT_SIZE="$RECORDS $ROUNDS $RANDOM_PAYLOAD"
while [ $# -gt 0 ]; do
  case "$1" in
    --records) RECORDS=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --skip-build) BUILD=false; shift ;;
    --keep-stack) KEEP_STACK=true; shift ;;
    --random-payload) RANDOM_PAYLOAD=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done

FULL_RUN=false
[ "$RECORDS $ROUNDS $RANDOM_PAYLOAD" = "$DEFAULT_SIZE" ] && FULL_RUN=true
OUT=$(result_file generator "$FULL_RUN")

say() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
STACK=("$ROOT/local-stack/stack.sh")
STACK_OPTS=(--dir "$STACK_DIR" --kafka-port "$KAFKA_PORT" --controller-port 49193 --registry-port "$REGISTRY_PORT" --registry-management-port 49101)
# Bytes the broker stored (log segments, after compression) for the partitions of topics matching a pattern.
stored_bytes() { find "$STACK_DIR/kafka/data" -path "*/$1/*" -name '*.log' -printf '%s\n' 2>/dev/null | awk '{s += $1} END {print s + 0}'; }
stop_stack() { $KEEP_STACK || "${STACK[@]}" down --dir "$STACK_DIR" >/dev/null 2>&1 || true; }
trap stop_stack EXIT

if $BUILD; then
  say "building the app (./mvnw package -DskipTests)"
  (cd "$ROOT" && ./mvnw -B -q package -DskipTests)
fi
APP="$ROOT/target/quarkus-app/quarkus-run.jar"
[ -f "$APP" ] || { echo "no $APP: run without --skip-build" >&2; exit 1; }

say "starting the benchmark stack in $STACK_DIR"
"${STACK[@]}" up "${STACK_OPTS[@]}"
APP_PROPS=("-Dkafka.bootstrap.servers=127.0.0.1:$KAFKA_PORT"
  "-Dlakehouse.registry.url=http://127.0.0.1:$REGISTRY_PORT/apis/registry/v3"
  "-Dlakehouse.generator.producer.compression=$COMPRESSION"
  "-Dlakehouse.generator.producer.linger-ms=$LINGER_MS"
  "-Dlakehouse.generator.producer.batch-size=$BATCH_SIZE"
  # The generator seals personal fields with each customer's key, as in production (its cost is measured too).
  "-Dlakehouse.pii.subject-keys=$ROOT/bench/.subject-keys"
  -Dquarkus.log.level=WARN)
java "${APP_PROPS[@]}" -jar "$APP" topics >/dev/null
java "${APP_PROPS[@]}" -jar "$APP" schemas >/dev/null

LOG_DIR="$STACK_DIR/bench"
mkdir -p "$LOG_DIR"

# ---- ours: sets OURS_RPS OURS_MBS RECORD_BYTES RSS_MB OURS_STORED LOAD_OURS ----
run_ours() {
  LOAD_OURS=$(cut -d' ' -f1-3 /proc/loadavg)
  say "generator: $RECORDS records, faults off, JVM $GENERATOR_JAVA_OPTS; load average $LOAD_OURS"
  OURS_STORED_BEFORE=$(stored_bytes 'commerce.*.raw-*')
  # shellcheck disable=SC2086
  java $GENERATOR_JAVA_OPTS "${APP_PROPS[@]}" -jar "$APP" generate --events "$RECORDS" --no-faults --seed 1 \
    --from 2026-10-01 --progress 5s > "$LOG_DIR/generator.log" 2>&1 &
  GEN_PID=$!
  PEAK_KB=0
  while kill -0 "$GEN_PID" 2>/dev/null; do
    HWM=$(awk '/VmHWM/ {print $2}' "/proc/$GEN_PID/status" 2>/dev/null || echo 0)
    [ -n "$HWM" ] && [ "$HWM" -gt "$PEAK_KB" ] && PEAK_KB=$HWM
    sleep 0.5
  done
  wait "$GEN_PID" || { cat "$LOG_DIR/generator.log"; echo "the generator failed" >&2; exit 1; }
  grep -E '^ +[0-9.]+s ' "$LOG_DIR/generator.log" | sed 's/^/    /' || true
  DONE=$(grep '^done:' "$LOG_DIR/generator.log")
  echo "    $DONE"
  OURS_RPS=$(sed -E 's/.* = ([0-9.]+) records\/s.*/\1/' <<<"$DONE")
  OURS_MBS=$(sed -E 's/.*records\/s, ([0-9.]+) MB\/s.*/\1/' <<<"$DONE")
  RECORD_BYTES=$(sed -E 's/.*avg record ([0-9.]+) bytes.*/\1/' <<<"$DONE")
  RECORD_SIZE=$(printf '%.0f' "$RECORD_BYTES")
  RSS_MB=$(awk -v kb="$PEAK_KB" 'BEGIN {printf "%.1f", kb / 1024}')
  OURS_STORED=$(awk -v a="$(stored_bytes 'commerce.*.raw-*')" -v b="$OURS_STORED_BEFORE" -v n="$RECORDS" 'BEGIN {printf "%.1f", (a - b) / n}')
  echo "    stored by the broker: $OURS_STORED bytes/record (keys, headers and batch overhead included)"
}

# ---- baseline: sets BASE_RPS BASE_MBS BASE_STORED LOAD_BASE ----
CP_FILE="$STACK_DIR/baseline.classpath"
if [ ! -s "$CP_FILE" ] || [ "$ROOT/bench/generator/pom.xml" -nt "$CP_FILE" ]; then
  say "resolving kafka-tools 4.1.0 (first run only)"
  (cd "$ROOT" && ./mvnw -B -q -f bench/generator/pom.xml dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null)
fi
BASE_CP=$(cat "$CP_FILE")
# The broker does not create topics on demand; six partitions, as the busiest domain topic has.
java -cp "$BASE_CP" org.apache.kafka.tools.TopicCommand --bootstrap-server 127.0.0.1:$KAFKA_PORT --create --if-not-exists \
  --topic bench.baseline --partitions 6 --replication-factor 1 >/dev/null 2>&1
# After the generator's first run: a random payload takes its average record size.
baseline_payload() {
  if $RANDOM_PAYLOAD; then
    PAYLOAD=(--record-size "$RECORD_SIZE")
    PAYLOAD_DESC="random letters, $RECORD_SIZE bytes"
  else
    APP_CP="$ROOT/target/quarkus-app/app/*:$ROOT/target/quarkus-app/lib/main/*"
    SAMPLE=$(java -cp "$APP_CP" "$ROOT/bench/generator/PayloadSample.java" 1 2026-10-01 "$RECORDS" "$SAMPLES" \
      "$LOG_DIR/payloads.txt" 2>/dev/null)
    PAYLOAD=(--payload-file "$LOG_DIR/payloads.txt")
    PAYLOAD_DESC="generator records ($SAMPLE)"
  fi
}
run_baseline() {
  [ -n "${PAYLOAD_DESC:-}" ] || baseline_payload
  BASE_STORED_BEFORE=$(stored_bytes 'bench.baseline-*')
  LOAD_BASE=$(cut -d' ' -f1-3 /proc/loadavg)
  say "ProducerPerformance: $RECORDS records, payload $PAYLOAD_DESC, same producer settings; load average $LOAD_BASE"
  java -cp "$BASE_CP" org.apache.kafka.tools.ProducerPerformance --topic bench.baseline \
    --num-records "$RECORDS" "${PAYLOAD[@]}" --throughput -1 \
    --producer-props bootstrap.servers=127.0.0.1:$KAFKA_PORT acks=all enable.idempotence=true max.in.flight.requests.per.connection=5 \
    compression.type=$COMPRESSION linger.ms=$LINGER_MS batch.size=$BATCH_SIZE > "$LOG_DIR/baseline.log" 2>&1 \
    || { cat "$LOG_DIR/baseline.log"; echo "ProducerPerformance failed" >&2; exit 1; }
  LAST=$(grep 'records sent' "$LOG_DIR/baseline.log" | tail -1)
  echo "    $LAST"
  BASE_RPS=$(sed -E 's/.* records sent, ([0-9.]+) records\/sec.*/\1/' <<<"$LAST")
  BASE_MBS=$(sed -E 's/.*records\/sec \(([0-9.]+) MB\/sec\).*/\1/' <<<"$LAST")
  BASE_STORED=$(awk -v a="$(stored_bytes 'bench.baseline-*')" -v b="$BASE_STORED_BEFORE" -v n="$RECORDS" 'BEGIN {printf "%.1f", (a - b) / n}')
  echo "    stored by the broker: $BASE_STORED bytes/record"
}

ROUND_JSON=()
RSS_MAX=0
OURS_SUM=0 BASE_SUM=0 OURS_MBS_SUM=0 BASE_MBS_SUM=0 COUNTED=0
for round in $(seq 1 "$ROUNDS"); do
  say "round $round of $ROUNDS"
  run_ours
  run_baseline
  ROUND_RATIO=$(awk -v a="$OURS_RPS" -v b="$BASE_RPS" 'BEGIN {printf "%.3f", a / b}')
  RSS_MAX=$(awk -v a="$RSS_MB" -v b="$RSS_MAX" 'BEGIN {print (a > b) ? a : b}')
  printf '    round %s: generator %.0f records/s, ProducerPerformance %.0f records/s, ratio %s\n' \
    "$round" "$OURS_RPS" "$BASE_RPS" "$ROUND_RATIO"
  if [ "$round" -gt 1 ] || [ "$ROUNDS" -eq 1 ]; then
    read -r OURS_SUM BASE_SUM OURS_MBS_SUM BASE_MBS_SUM COUNTED < <(awk -v a="$OURS_SUM" -v b="$BASE_SUM" \
      -v c="$OURS_MBS_SUM" -v d="$BASE_MBS_SUM" -v n="$COUNTED" -v ra="$OURS_RPS" -v rb="$BASE_RPS" -v ma="$OURS_MBS" \
      -v mb="$BASE_MBS" 'BEGIN {print a + ra, b + rb, c + ma, d + mb, n + 1}')
  fi
  ROUND_JSON+=("{\"ours\": $OURS_RPS, \"baseline\": $BASE_RPS, \"ratio\": $ROUND_RATIO, \"generator_rss_mb\": $RSS_MB, \"load_average\": {\"generator_start\": \"$LOAD_OURS\", \"baseline_start\": \"$LOAD_BASE\"}}")
done

read -r OURS_RPS BASE_RPS OURS_MBS BASE_MBS < <(awk -v a="$OURS_SUM" -v b="$BASE_SUM" -v c="$OURS_MBS_SUM" \
  -v d="$BASE_MBS_SUM" -v n="$COUNTED" 'BEGIN {printf "%.0f %.0f %.2f %.2f\n", a / n, b / n, c / n, d / n}')
RATIO=$(awk -v a="$OURS_RPS" -v b="$BASE_RPS" 'BEGIN {printf "%.3f", a / b}')
cat > "$OUT" <<JSON
{"ours": $OURS_RPS, "baseline": $BASE_RPS, "ratio": $RATIO, "full_run": $FULL_RUN, "records": $RECORDS, "rounds_run": $ROUNDS, "record_bytes": $RECORD_BYTES,
 "method": "mean of rounds 2..$ROUNDS (round 1 warms the broker up)",
 "unit": "records/s", "ours_mb_per_s": $OURS_MBS, "baseline_mb_per_s": $BASE_MBS, "generator_rss_mb": $RSS_MAX,
 "generator_java_opts": "$GENERATOR_JAVA_OPTS", "acks": "all", "idempotence": true, "compression": "$COMPRESSION",
 "linger_ms": $LINGER_MS, "batch_size": $BATCH_SIZE, "baseline_payload": "$PAYLOAD_DESC",
 "ours_stored_bytes_per_record": $OURS_STORED, "baseline_stored_bytes_per_record": $BASE_STORED,
 "load_average": {"generator_start": "$LOAD_OURS", "baseline_start": "$LOAD_BASE"},
 "rounds": [$(IFS=,; echo "${ROUND_JSON[*]}")]}
JSON

printf '\n%-22s %14s %10s   (mean of rounds 2..%s)\n' "" "records/s" "MB/s" "$ROUNDS"
printf '%-22s %14.0f %10.2f\n' "generator (Avro)" "$OURS_RPS" "$OURS_MBS"
printf '%-22s %14.0f %10.2f\n' "ProducerPerformance" "$BASE_RPS" "$BASE_MBS"
printf 'ratio %s at %s records of %s bytes; generator peak RSS %s MB (all rounds); load average %s / %s at the last starts\n' \
  "$RATIO" "$RECORDS" "$RECORD_BYTES" "$RSS_MAX" "$LOAD_OURS" "$LOAD_BASE"
say "wrote $OUT"
