locals {
  trust_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = ["sts:AssumeRole"]
    }]
  })

  permissions_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "ConsumeChanges"
        Effect = "Allow"
        Action = [
          "sqs:ChangeMessageVisibility",
          "sqs:DeleteMessage",
          "sqs:GetQueueAttributes",
          "sqs:ReceiveMessage",
        ]
        Resource = var.queue_arn
      },
      {
        Sid      = "ParkPermanentFailures"
        Effect   = "Allow"
        Action   = ["sqs:GetQueueAttributes", "sqs:SendMessage"]
        Resource = var.dlq_arn
      },
      {
        Sid    = "LedgerAndOutcomes"
        Effect = "Allow"
        Action = [
          "dynamodb:ConditionCheckItem",
          "dynamodb:GetItem",
          "dynamodb:PutItem",
          "dynamodb:Query",
          "dynamodb:UpdateItem",
        ]
        Resource = var.table_arn
      },
      {
        Sid      = "ReadSecretThroughExtension"
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue"]
        Resource = var.secret_arn
      },
      {
        Sid      = "WriteLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "${aws_cloudwatch_log_group.this.arn}:*"
      },
    ]
  })
}

resource "aws_iam_role" "this" {
  name               = "${var.name}-consumer"
  description        = "Consumer Lambda: read the queue, park in the DLQ, write the ledger, read the secret."
  assume_role_policy = local.trust_policy
  tags               = var.tags
}

resource "aws_iam_role_policy" "this" {
  name   = "consumer"
  role   = aws_iam_role.this.id
  policy = local.permissions_policy
}
