output "alarm_topic_arn" {
  description = "SNS topic receiving every alarm."
  value       = aws_sns_topic.alarms.arn
}

output "alarm_names" {
  description = "Names of the CloudWatch alarms."
  value = concat(
    aws_cloudwatch_metric_alarm.msk_disk[*].alarm_name,
    [
      aws_cloudwatch_metric_alarm.msk_offline_partitions.alarm_name,
      aws_cloudwatch_metric_alarm.msk_controller.alarm_name,
      aws_cloudwatch_metric_alarm.rds_cpu.alarm_name,
      aws_cloudwatch_metric_alarm.rds_storage.alarm_name,
      aws_cloudwatch_metric_alarm.eks_nodes_cpu.alarm_name,
    ],
  )
}
