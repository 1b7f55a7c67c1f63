#!/bin/bash
# Starts one KRaft node (broker + controller) from the jars in /opt/kafka/libs, as local-stack/stack.sh does.
set -euo pipefail
DATA=/var/lib/kafka/data
CONF=/tmp/kafka
NODE_ID=${KAFKA_NODE_ID:-1}
mkdir -p "$CONF"
cat > "$CONF/server.properties" <<PROPS
process.roles=broker,controller
node.id=$NODE_ID
controller.quorum.voters=$NODE_ID@localhost:9093
listeners=PLAINTEXT://:9092,CONTROLLER://localhost:9093
advertised.listeners=${KAFKA_ADVERTISED_LISTENERS:-PLAINTEXT://localhost:9092}
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$DATA
num.partitions=1
default.replication.factor=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=6
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
PROPS
cat > "$CONF/log4j2.properties" <<PROPS
rootLogger.level=INFO
rootLogger.appenderRef.stdout.ref=STDOUT
appender.stdout.type=Console
appender.stdout.name=STDOUT
appender.stdout.layout.type=PatternLayout
appender.stdout.layout.pattern=[%d] %p %m (%c)%n
logger.kafka.name=kafka
logger.kafka.level=WARN
logger.server.name=kafka.server.KafkaRaftServer
logger.server.level=INFO
logger.apache.name=org.apache.kafka
logger.apache.level=WARN
PROPS
LOG="-Dlog4j2.configurationFile=$CONF/log4j2.properties"
if [ ! -f "$DATA/meta.properties" ]; then
  java -cp '/opt/kafka/libs/*' "$LOG" kafka.tools.StorageTool format \
    --cluster-id="${CLUSTER_ID:-IsdtMwbQTeSjrF2EdxCZOQ}" -c "$CONF/server.properties"
fi
# shellcheck disable=SC2086
exec java ${KAFKA_HEAP_OPTS:--Xms256m -Xmx768m} -XX:+UseG1GC -Djava.awt.headless=true "$LOG" \
  -cp '/opt/kafka/libs/*' kafka.Kafka "$CONF/server.properties"
