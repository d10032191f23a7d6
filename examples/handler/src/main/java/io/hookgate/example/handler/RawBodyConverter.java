package io.hookgate.example.handler;

import java.lang.reflect.Type;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Message;

import io.smallrye.reactive.messaging.MessageConverter;
import io.smallrye.reactive.messaging.amqp.IncomingAmqpMetadata;

/**
 * Gives {@code Message<byte[]>} the exact bytes of the AMQP Data section. The connector decodes a body whose
 * content-type is exactly {@code application/json} into a JsonObject; the handler wants the provider's bytes as
 * hookgate stored them (re-encoded JSON would not be byte-identical).
 */
@ApplicationScoped
public class RawBodyConverter implements MessageConverter {

    @Override
    public boolean canConvert(Message<?> in, Type target) {
        return target == byte[].class && in.getMetadata(IncomingAmqpMetadata.class).isPresent();
    }

    @Override
    public Message<?> convert(Message<?> in, Type target) {
        IncomingAmqpMetadata amqp = in.getMetadata(IncomingAmqpMetadata.class).orElseThrow();
        return in.withPayload(amqp.getMessage().bodyAsBinary().getBytes());
    }

    @Override
    public int getPriority() {
        // Before any generic converter: this one only matches AMQP messages consumed as byte[].
        return CONVERTER_DEFAULT_PRIORITY - 10;
    }
}
