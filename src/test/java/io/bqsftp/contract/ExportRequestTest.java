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
