package io.bqsftp.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bqsftp.contract.RequestException;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TriggerBodiesTest {

  @Test
  void directBody() {
    var request = TriggerBodies.parse(Buffer.buffer("{\"export_name\":\"product_data\",\"date\":\"2025-03-17\"}"));
    assertThat(request.exportName()).isEqualTo("product_data");
    assertThat(request.date()).contains(LocalDate.of(2025, 3, 17));
  }

  @Test
  void pubSubPushEnvelope() {
    String data = Base64.getEncoder().encodeToString(
        "{\"export_name\":\"customer_data\",\"date\":\"2025-03-18\"}".getBytes(StandardCharsets.UTF_8));
    String envelope = "{\"message\":{\"data\":\"" + data + "\",\"messageId\":\"1\",\"attributes\":{}},"
        + "\"subscription\":\"projects/p/subscriptions/s\"}";
    var request = TriggerBodies.parse(Buffer.buffer(envelope));
    assertThat(request.exportName()).isEqualTo("customer_data");
    assertThat(request.date()).contains(LocalDate.of(2025, 3, 18));
  }

  @Test
  void badBodiesAreClearBadRequests() {
    assertThatThrownBy(() -> TriggerBodies.parse(Buffer.buffer("not json")))
        .isInstanceOf(RequestException.class).hasMessage("body: is not valid JSON");
    assertThatThrownBy(() -> TriggerBodies.parse(Buffer.buffer("[1]")))
        .hasMessage("body: must be a JSON object with export_name");
    assertThatThrownBy(() -> TriggerBodies.parse(Buffer.buffer("")))
        .hasMessage("body: must be a JSON object with export_name");
    assertThatThrownBy(() -> TriggerBodies.parse(Buffer.buffer("{\"message\":{\"data\":\"***\"}}")))
        .hasMessage("message.data: must be base64");
    String notJson = Base64.getEncoder().encodeToString("hello".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> TriggerBodies.parse(Buffer.buffer("{\"message\":{\"data\":\"" + notJson + "\"}}")))
        .hasMessage("message.data: is not valid JSON");
  }
}
