package io.bqsftp.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.bqsftp.support.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import io.vertx.core.MultiMap;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /ui} over real HTTP against the running service: the login form and its cookie, which
 * authorizes the page and the requests it makes but no other route, and the page's content.
 */
@ExtendWith(VertxExtension.class)
class StatusPageTest {
  @TempDir Path dir;
  ServiceWithHistory service;

  @AfterEach
  void stop() throws Exception {
    if (service != null) {
      service.close();
    }
  }

  HttpResponse<Buffer> send(HttpMethod method, String path, String cookie) throws Exception {
    HttpRequest<Buffer> request = service.client.request(method, service.port(), "127.0.0.1", path);
    if (cookie != null) {
      request.putHeader("Cookie", cookie);
    }
    return Await.result(request.send());
  }

  HttpResponse<Buffer> login(String token) throws Exception {
    return Await.result(service.client.post(service.port(), "127.0.0.1", "/ui/login")
        .followRedirects(false)
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("token", token)));
  }

  @Test
  void loginSetsAStrictHttpOnlyCookieThatOpensThePageAndTheRequestsItMakes(Vertx vertx) throws Exception {
    service = ServiceWithHistory.start(vertx, dir);

    HttpResponse<Buffer> anonymous = send(HttpMethod.GET, "/ui", null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.getHeader("Content-Type")).startsWith("text/html");
    assertThat(anonymous.bodyAsString()).contains("<form method=\"post\" action=\"/ui/login\">").doesNotContain("all_2024");
    assertThat(send(HttpMethod.GET, "/ui/assets/status.js", null).statusCode()).isEqualTo(200);
    assertThat(send(HttpMethod.GET, "/ui/assets/other.js", null).statusCode()).isEqualTo(404);

    HttpResponse<Buffer> wrong = login("not-the-token");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.bodyAsString()).contains("That token is not valid.");
    assertThat(wrong.cookies()).isEmpty();

    HttpResponse<Buffer> good = login(ServiceWithHistory.TOKEN);
    assertThat(good.statusCode()).isEqualTo(303);
    assertThat(good.getHeader("Location")).isEqualTo("/ui");
    assertThat(good.cookies()).singleElement().satisfies(c -> {
      assertThat(c).startsWith(UiSession.COOKIE + "=").containsIgnoringCase("; HttpOnly").contains("SameSite=Strict").contains("Path=/");
      assertThat(c).doesNotContain(ServiceWithHistory.TOKEN);
    });
    String cookie = good.cookies().get(0).split(";", 2)[0];

    HttpResponse<Buffer> page = send(HttpMethod.GET, "/ui", cookie);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("Content-Security-Policy")).contains("script-src 'self'");
    String html = page.bodyAsString();
    JsonObject landed = service.landedFile();
    assertThat(html)
        .contains("<tr data-export=\"all\">")
        .contains(ServiceWithHistory.SUCCEEDED_DATE).contains(ServiceWithHistory.FAILED_DATE)
        .contains(landed.getString("name")).contains(landed.getString("sha256"))
        .contains(String.format("%,d", landed.getLong("bytes")))
        .contains(service.stagedFile())
        .contains("class=\"retry\" data-export=\"all\" data-date=\"" + ServiceWithHistory.FAILED_DATE + "\"")
        .contains("No export is running.");

    // The cookie stands in for the bearer header only where the page needs it.
    String runId = service.succeeded.getString("run_id");
    assertThat(send(HttpMethod.GET, "/runs/" + runId, cookie).statusCode()).isEqualTo(200);
    assertThat(send(HttpMethod.GET, "/runs/" + runId, null).statusCode()).isEqualTo(401);
    assertThat(send(HttpMethod.GET, "/exports", cookie).statusCode()).isEqualTo(401);
    assertThat(send(HttpMethod.POST, "/exports/all/runs", cookie).statusCode()).isEqualTo(401);
    assertThat(send(HttpMethod.GET, "/ui", UiSession.COOKIE + "=forged").statusCode()).isEqualTo(401);

    HttpResponse<Buffer> retry = send(HttpMethod.POST, "/exports/all/runs/" + ServiceWithHistory.FAILED_DATE + "/retry", cookie);
    assertThat(retry.statusCode()).as(retry.bodyAsString()).isEqualTo(200);
    assertThat(send(HttpMethod.GET, "/ui", cookie).bodyAsString()).contains("No failed run waits for a retry.");

    HttpResponse<Buffer> logout = Await.result(service.client.post(service.port(), "127.0.0.1", "/ui/logout")
        .followRedirects(false).putHeader("Cookie", cookie).send());
    assertThat(logout.statusCode()).isEqualTo(303);
    assertThat(logout.cookies()).singleElement().satisfies(c -> assertThat(c).contains("Max-Age=0"));
  }
}
