#!/usr/bin/env bash
# One home for a KRaft node's settings (broker and controller in one process), sourced by the local stack
# (local-stack/stack.sh) and by the Kafka image's entry point (docker/kafka/start.sh), so both run the same broker.

# kafka_node_properties NODE_ID VOTERS LISTENERS ADVERTISED_LISTENERS LOG_DIR CLUSTER_SIZE -> server.properties
#   VOTERS: the controller quorum, e.g. 1@127.0.0.1:29093,2@127.0.0.1:29095,3@127.0.0.1:29097
kafka_node_properties() {
  local node_id=$1 voters=$2 listeners=$3 advertised=$4 log_dir=$5 size=$6
  # A single node keeps one copy of everything. Three nodes keep three and acknowledge a write once two have it,
  # so one broker may die without losing an acknowledged record or stopping producers (production's shape).
  local replicas=1 min_isr=1
  if [ "$size" -ge 3 ]; then replicas=3; min_isr=2; fi
  cat <<PROPS
process.roles=broker,controller
node.id=$node_id
controller.quorum.voters=$voters
listeners=$listeners
advertised.listeners=$advertised
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$log_dir
num.partitions=1
default.replication.factor=$replicas
min.insync.replicas=$min_isr
offsets.topic.replication.factor=$replicas
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=$replicas
transaction.state.log.min.isr=$min_isr
transaction.state.log.num.partitions=6
share.coordinator.state.topic.replication.factor=$replicas
share.coordinator.state.topic.min.isr=$min_isr
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
log.retention.check.interval.ms=60000
PROPS
}

# kafka_log4j2_properties -> log4j2.properties: the broker's start line at INFO (the stack waits for it), the rest WARN.
kafka_log4j2_properties() {
  cat <<'PROPS'
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
}
