package io.bqsftp.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ExportRequestTest {

  @Test
  void seedBody() {
    var request = ExportRequest.fromJson(new JsonObject("{\"export_name\":\"product_data\",\"date\":\"2025-03-17\"}"));
    assertThat(request.exportName()).isEqualTo("product_data");
    assertThat(request.date()).contains(LocalDate.of(2025, 3, 17));
  }

  @Test
  void dateIsOptionalAndAcceptsTheScriptsForm() {
    assertThat(ExportRequest.fromJson(new JsonObject().put("export_name", "a")).date()).isEmpty();
    assertThat(ExportRequest.fromJson(new JsonObject().put("export_name", "a").put("date", "20250317")).date())
        .contains(LocalDate.of(2025, 3, 17));
  }

  @Test
  void badInputNamesTheField() {
    assertThatThrownBy(() -> ExportRequest.fromJson(new JsonObject()))
        .isInstanceOf(RequestException.class)
        .hasMessage("export_name: is required and must be a string");
    assertThatThrownBy(() -> ExportRequest.fromJson(new JsonObject().put("export_name", "../etc")))
        .hasMessageStartingWith("export_name: must match");
    assertThatThrownBy(() -> ExportRequest.fromJson(new JsonObject().put("export_name", "a").put("date", "2025-02-30")))
        .hasMessage("date: must be a calendar date YYYY-MM-DD (got \"2025-02-30\")");
    assertThatThrownBy(() -> ExportRequest.fromJson(new JsonObject().put("export_name", "a").put("date", 20250317)))
        .hasMessage("date: must be a string YYYY-MM-DD");
  }

  @Test
  void theTraceTravelsWithTheRequestAndIsChecked() {
    String trace = "projects/my-project-1/traces/4bf92f3577b34da6a3ce929d0e0e4736";
    var request = new ExportRequest("a", java.util.Optional.empty()).withTrace(java.util.Optional.of(trace));
    assertThat(ExportRequest.fromJson(request.toJson()).trace()).contains(trace);
    assertThat(ExportRequest.fromJson(request.toJson()).withTriggerId("m1").trace()).contains(trace);
    assertThatThrownBy(() -> ExportRequest.fromJson(new JsonObject().put("export_name", "a").put("trace", "x\ny")))
        .isInstanceOf(RequestException.class)
        .hasMessageStartingWith("trace: must be projects/PROJECT/traces/TRACE_ID");
  }

  @Test
  void statusIsBadRequest() {
    try {
      ExportRequest.fromJson(new JsonObject().put("export_name", 5));
    } catch (RequestException e) {
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.toJson().getString("error")).startsWith("export_name");
      return;
    }
    throw new AssertionError("expected a RequestException");
  }
}
