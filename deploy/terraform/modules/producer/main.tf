locals {
  family         = "${var.name}-producer"
  container_name = "producer"
  log_group_name = "/ecs/${var.name}/producer"
  schedule_name  = "${var.name}-nightly-sync"

  # The weekly full run: the same task, its command with --full, so options given in var.command still apply.
  full_sync_expression = var.full_sync_schedule_expression == null ? "" : trimspace(var.full_sync_schedule_expression)
  full_sync_scheduled  = local.full_sync_expression != ""
  full_sync_name       = "${var.name}-full-sync"
  full_sync_command    = concat(var.command, ["--full"])
}

resource "aws_ecr_repository" "this" {
  name                 = "${var.name}-producer"
  image_tag_mutability = var.image_tag_mutability

  image_scanning_configuration {
    scan_on_push = true
  }

  tags = var.tags
}

resource "aws_ecs_cluster" "this" {
  name = "${var.name}-cluster"

  setting {
    name  = "containerInsights"
    value = var.container_insights ? "enabled" : "disabled"
  }

  tags = var.tags
}

resource "aws_cloudwatch_log_group" "this" {
  name              = local.log_group_name
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

resource "aws_ecs_task_definition" "this" {
  family                   = local.family
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  container_definitions = jsonencode([{
    name      = local.container_name
    image     = "${aws_ecr_repository.this.repository_url}:${var.image_tag}"
    essential = true
    command   = var.command
    environment = [
      for key in sort(keys(var.environment)) : { name = key, value = var.environment[key] }
    ]
    # ECS reads the secret at task start, so a rotated value is picked up by the next run.
    secrets = [
      for env_name in sort(keys(var.secret_env)) : {
        name      = env_name
        valueFrom = "${var.secret_arn}:${var.secret_env[env_name]}::"
      }
    ]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.this.name
        awslogs-region        = var.aws_region
        awslogs-stream-prefix = local.container_name
      }
    }
  }])

  lifecycle {
    precondition {
      condition     = length(setintersection(keys(var.environment), keys(var.secret_env))) == 0
      error_message = "A secret's environment variable may not also be set in plain: ${join(", ", setintersection(keys(var.environment), keys(var.secret_env)))}."
    }
  }

  tags = var.tags
}

# The task cannot start before the secret has a value (ECS injects two of its keys), so neither may the
# schedule: it is ENABLED only once the secret has an AWSCURRENT version. Listing versions reads no secret
# value, so nothing secret reaches the state. Until the secret exists (first apply) the list is read at
# apply time and is empty; the next plan after `put-secret-value` turns the schedule on.
data "aws_secretsmanager_secret_versions" "injected" {
  secret_id = var.secret_arn
}

locals {
  secret_has_value = anytrue([
    for v in data.aws_secretsmanager_secret_versions.injected.versions : contains(v.version_stages, "AWSCURRENT")
  ])
  # Both schedules: schedule_enabled pauses both, and neither starts a task the secret cannot start.
  schedule_state = var.schedule_enabled ? (local.secret_has_value ? "ENABLED" : "DISABLED") : "DISABLED"
}

resource "aws_scheduler_schedule" "this" {
  name                         = local.schedule_name
  description                  = "Nightly BambooHR -> Moodle sync: runs the producer task once."
  schedule_expression          = var.schedule_expression
  schedule_expression_timezone = var.schedule_timezone
  # Nested so that a paused schedule is known to be DISABLED at plan even while the version list is not.
  state = local.schedule_state

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = aws_ecs_cluster.this.arn
    role_arn = aws_iam_role.scheduler.arn

    ecs_parameters {
      # Without a revision: every run starts the latest ACTIVE revision of the family.
      task_definition_arn = aws_ecs_task_definition.this.arn_without_revision
      launch_type         = "FARGATE"
      task_count          = 1
      group               = "scheduled"

      network_configuration {
        subnets          = var.subnet_ids
        security_groups  = var.security_group_ids
        assign_public_ip = var.assign_public_ip
      }
    }

    retry_policy {
      maximum_retry_attempts       = var.schedule_maximum_retry_attempts
      maximum_event_age_in_seconds = var.schedule_maximum_event_age_seconds
    }
  }
}

# The weekly full run (`sync --full`): every BambooHR employee, all statuses, compared with Moodle itself, so manual
# edits in Moodle are put right; it also counts orphaned Moodle accounts (it never suspends them). Same task, same
# network and retries as the nightly run; only the command differs, passed as a RunTask container override.
resource "aws_scheduler_schedule" "full" {
  count = local.full_sync_scheduled ? 1 : 0

  name                         = local.full_sync_name
  description                  = "Weekly full BambooHR -> Moodle sync (sync --full): every employee compared with Moodle, drift corrected, orphans counted."
  schedule_expression          = local.full_sync_expression
  schedule_expression_timezone = var.schedule_timezone
  state                        = local.schedule_state

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = aws_ecs_cluster.this.arn
    role_arn = aws_iam_role.scheduler.arn
    # For an ECS target Scheduler reads the input as the RunTask overrides (TaskOverride).
    input = jsonencode({
      containerOverrides = [{ name = local.container_name, command = local.full_sync_command }]
    })

    ecs_parameters {
      task_definition_arn = aws_ecs_task_definition.this.arn_without_revision
      launch_type         = "FARGATE"
      task_count          = 1
      group               = "scheduled-full"

      network_configuration {
        subnets          = var.subnet_ids
        security_groups  = var.security_group_ids
        assign_public_ip = var.assign_public_ip
      }
    }

    retry_policy {
      maximum_retry_attempts       = var.schedule_maximum_retry_attempts
      maximum_event_age_in_seconds = var.schedule_maximum_event_age_seconds
    }
  }

  lifecycle {
    precondition {
      condition     = var.command[0] == "sync"
      error_message = "The full-sync schedule adds --full to the container command, which must then be a sync (command starts with \"sync\"); set full_sync_schedule_expression = \"\" to go without it."
    }
  }
}
