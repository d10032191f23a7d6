package io.hookgate.example.handler.support;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a RabbitMQ test class when RabbitMQ listens on 127.0.0.1:5672, skips it otherwise; with
 * -Drabbitmq.interop=required it always runs, so a missing RabbitMQ fails the build instead of skipping.
 * Evaluated before Quarkus starts the application for the class.
 */
public class RabbitMqAvailable implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (TestRabbit.required()) {
            return ConditionEvaluationResult.enabled("-Drabbitmq.interop=required");
        }
        if (TestRabbit.reachable()) {
            return ConditionEvaluationResult.enabled("RabbitMQ listens on 127.0.0.1:5672");
        }
        return ConditionEvaluationResult.disabled("no RabbitMQ on 127.0.0.1:5672 (-Drabbitmq.interop=required makes"
                + " this a failure)");
    }
}
