#!/bin/bash
# Starts one KRaft node (broker + controller) from the jars in /opt/kafka/libs, with the settings local-stack/stack.sh
# uses (local-stack/kafka-node.sh, copied beside this script).
set -euo pipefail
DATA=/var/lib/kafka/data
CONF=/tmp/kafka
NODE_ID=${KAFKA_NODE_ID:-1}
mkdir -p "$CONF"
# shellcheck source=../../local-stack/kafka-node.sh
. /opt/kafka/kafka-node.sh
# One node by default; a cluster gives every node the same KAFKA_CONTROLLER_QUORUM_VOTERS and KAFKA_CLUSTER_SIZE.
kafka_node_properties "$NODE_ID" "${KAFKA_CONTROLLER_QUORUM_VOTERS:-$NODE_ID@localhost:9093}" \
  "PLAINTEXT://:9092,CONTROLLER://:9093" "${KAFKA_ADVERTISED_LISTENERS:-PLAINTEXT://localhost:9092}" \
  "$DATA" "${KAFKA_CLUSTER_SIZE:-1}" > "$CONF/server.properties"
kafka_log4j2_properties > "$CONF/log4j2.properties"
LOG="-Dlog4j2.configurationFile=$CONF/log4j2.properties"
if [ ! -f "$DATA/meta.properties" ]; then
  java -cp '/opt/kafka/libs/*' "$LOG" kafka.tools.StorageTool format \
    --cluster-id="${CLUSTER_ID:-IsdtMwbQTeSjrF2EdxCZOQ}" -c "$CONF/server.properties"
fi
# shellcheck disable=SC2086
exec java ${KAFKA_HEAP_OPTS:--Xms256m -Xmx768m} -XX:+UseG1GC -Djava.awt.headless=true "$LOG" \
  -cp '/opt/kafka/libs/*' kafka.Kafka "$CONF/server.properties"
