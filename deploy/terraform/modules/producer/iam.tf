# Least privilege per role; every action is named and every resource is an ARN, except
# ecr:GetAuthorizationToken, which AWS only grants on "*" (it is account-wide, not per repository).

locals {
  ecs_tasks_trust = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ecs-tasks.amazonaws.com" }
      Action    = ["sts:AssumeRole"]
    }]
  })

  scheduler_trust = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "scheduler.amazonaws.com" }
      Action    = ["sts:AssumeRole"]
      Condition = { StringEquals = { "aws:SourceAccount" = split(":", aws_ecs_cluster.this.arn)[4] } }
    }]
  })

  execution_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "EcrAuthorizationTokenAccountWide"
        Effect   = "Allow"
        Action   = ["ecr:GetAuthorizationToken"]
        Resource = "*"
      },
      {
        Sid      = "PullProducerImage"
        Effect   = "Allow"
        Action   = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]
        Resource = aws_ecr_repository.this.arn
      },
      {
        Sid      = "WriteProducerLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "${aws_cloudwatch_log_group.this.arn}:*"
      },
      {
        Sid      = "InjectSecrets"
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue"]
        Resource = var.secret_arn
      },
    ]
  })

  # The task role serves `pipeline sync` and the operator commands run with the same image
  # (status, dlq peek/replay, rewind).
  task_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "PublishChanges"
        Effect   = "Allow"
        Action   = ["sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:SendMessage"]
        Resource = var.queue_arn
      },
      {
        Sid    = "PeekAndReplayDeadLetters"
        Effect = "Allow"
        Action = [
          "sqs:ChangeMessageVisibility",
          "sqs:DeleteMessage",
          "sqs:GetQueueAttributes",
          "sqs:GetQueueUrl",
          "sqs:ReceiveMessage",
        ]
        Resource = var.dlq_arn
      },
      {
        Sid    = "RunStateAndWatermark"
        Effect = "Allow"
        Action = [
          "dynamodb:ConditionCheckItem",
          "dynamodb:DeleteItem",
          "dynamodb:DescribeTable",
          "dynamodb:GetItem",
          "dynamodb:PutItem",
          "dynamodb:Query",
          "dynamodb:UpdateItem",
        ]
        Resource = var.table_arn
      },
    ]
  })

  scheduler_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "RunProducerTask"
        Effect   = "Allow"
        Action   = ["ecs:RunTask"]
        Resource = ["${aws_ecs_task_definition.this.arn_without_revision}:*", aws_ecs_task_definition.this.arn_without_revision]
        Condition = {
          ArnEquals = { "ecs:cluster" = aws_ecs_cluster.this.arn }
        }
      },
      {
        Sid      = "PassTaskRoles"
        Effect   = "Allow"
        Action   = ["iam:PassRole"]
        Resource = [aws_iam_role.execution.arn, aws_iam_role.task.arn]
        Condition = {
          StringEquals = { "iam:PassedToService" = "ecs-tasks.amazonaws.com" }
        }
      },
    ]
  })
}

resource "aws_iam_role" "execution" {
  name               = "${var.name}-producer-execution"
  description        = "ECS agent: pull the producer image, write its logs, inject its secrets."
  assume_role_policy = local.ecs_tasks_trust
  tags               = var.tags
}

resource "aws_iam_role_policy" "execution" {
  name   = "producer-execution"
  role   = aws_iam_role.execution.id
  policy = local.execution_policy
}

resource "aws_iam_role" "task" {
  name               = "${var.name}-producer-task"
  description        = "The producer application: publish to SQS, read/write run state in DynamoDB."
  assume_role_policy = local.ecs_tasks_trust
  tags               = var.tags
}

resource "aws_iam_role_policy" "task" {
  name   = "producer-task"
  role   = aws_iam_role.task.id
  policy = local.task_policy
}

resource "aws_iam_role" "scheduler" {
  name               = "${var.name}-producer-scheduler"
  description        = "EventBridge Scheduler: start the nightly producer task."
  assume_role_policy = local.scheduler_trust
  tags               = var.tags
}

resource "aws_iam_role_policy" "scheduler" {
  name   = "producer-scheduler"
  role   = aws_iam_role.scheduler.id
  policy = local.scheduler_policy
}
