package io.bqsftp.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.bqsftp.ops.Metrics;
import io.bqsftp.ops.MetricsSetup;
import io.bqsftp.recovery.RecoveryServices;
import io.bqsftp.support.Await;
import io.bqsftp.trigger.HttpTrigger;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/openapi.yaml against the running service: every route of the router is in the document and
 * every operation of the document is a route; real requests go through a validating proxy that
 * checks each request and each answer against the contract with vertx-openapi. vertx-openapi only
 * knows JSON, text/plain and a few more media types, so the HTML, YAML, script, style and form
 * parts are taken out of the copy it loads and checked here by status code and media type instead.
 */
@ExtendWith(VertxExtension.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class OpenApiContractTest {
  static final Path DOCUMENT = Path.of("docs", "openapi.yaml");

  @TempDir Path dir;
  ServiceWithHistory service;
  RecoveryServices recovery;
  final List<String> violations = new CopyOnWriteArrayList<>();
  final Set<String> exercised = java.util.concurrent.ConcurrentHashMap.newKeySet();
  JsonObject raw;
  OpenAPIContract contract;
  WebClient client;
  int proxyPort;

  @AfterEach
  void stop() throws Exception {
    try {
      if (recovery != null) {
        recovery.close();
      }
    } finally {
      if (service != null) {
        service.close();
      }
    }
  }

  @SuppressWarnings("unchecked")
  static JsonObject readDocument() throws Exception {
    return new JsonObject(new YAMLMapper().readValue(DOCUMENT.toFile(), Map.class));
  }

  /** The document without the media types vertx-openapi cannot load (checked by hand instead). */
  static JsonObject supportedOnly(JsonObject document) {
    JsonObject copy = document.copy();
    for (String path : copy.getJsonObject("paths").fieldNames()) {
      JsonObject item = copy.getJsonObject("paths").getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (!(item.getValue(method) instanceof JsonObject operation) || method.equals("parameters")) {
          continue;
        }
        JsonObject body = operation.getJsonObject("requestBody");
        if (body != null) {
          body.getJsonObject("content").fieldNames().removeIf(t -> !MediaType.isMediaTypeSupported(t));
          if (body.getJsonObject("content").isEmpty()) {
            operation.remove("requestBody");
          }
        }
        for (Object response : operation.getJsonObject("responses")) {
          JsonObject value = (JsonObject) ((Map.Entry<?, ?>) response).getValue();
          JsonObject content = value.getJsonObject("content");
          if (content != null) {
            content.fieldNames().removeIf(t -> !MediaType.isMediaTypeSupported(t));
            if (content.isEmpty()) {
              value.remove("content");
            }
          }
        }
      }
    }
    return copy;
  }

  @Test
  void everyRouteIsDescribedAndEveryAnswerMatchesTheDocument(Vertx vertx) throws Exception {
    service = ServiceWithHistory.start(vertx, dir);
    raw = readDocument();
    contract = Await.result(OpenAPIContract.from(vertx, supportedOnly(raw)));

    // The full router, as `serve` builds it (metrics and recovery included), on the same event bus.
    recovery = RecoveryServices.start(service.config);
    var api = new HttpTrigger.Api(service.config, service.runtime.coordinator().registry(), service.runtime.readiness(),
        Optional.of(new MetricsSetup(new Metrics())), Optional.of(recovery));
    HttpTrigger trigger = new HttpTrigger(0, api);
    Await.result(vertx.deployVerticle(trigger));
    assertRoutesMatchTheDocument(trigger.router().getRoutes());

    proxyPort = startValidatingProxy(vertx, trigger.actualPort()).actualPort();
    client = WebClient.create(vertx);
    exercise();

    assertThat(violations).as(String.join("\n", violations)).isEmpty();
    // Every operation of the document was called at least once.
    Set<String> all = new TreeSet<>();
    contract.operations().forEach(o -> all.add(o.getOperationId()));
    assertThat(exercised).containsAll(all);
  }

  private void assertRoutesMatchTheDocument(List<Route> routes) {
    Set<String> routed = new TreeSet<>();
    for (Route route : routes) {
      if (route.getPath() == null || route.methods() == null) {
        continue; // auth and failure handlers that apply to every request
      }
      String path = route.getPath().replaceAll(":([A-Za-z_]+)", "{$1}");
      route.methods().forEach(m -> routed.add(m.name() + " " + path));
    }
    Set<String> documented = new TreeSet<>();
    raw.getJsonObject("paths").forEach(p -> ((JsonObject) p.getValue()).fieldNames().stream()
        .filter(m -> !m.equals("parameters"))
        .forEach(m -> documented.add(m.toUpperCase() + " " + p.getKey())));
    assertThat(documented).as("documented operations vs router routes").isEqualTo(routed);
  }

  /** Forwards each request to the service and checks request and answer against the contract. */
  private HttpServer startValidatingProxy(Vertx vertx, int servicePort) throws Exception {
    RequestValidator requests = RequestValidator.create(vertx, contract);
    ResponseValidator responses = ResponseValidator.create(vertx, contract);
    WebClient upstream = WebClient.create(vertx);
    return Await.result(vertx.createHttpServer().requestHandler(req -> {
      Operation operation = contract.findOperation(req.path(), req.method());
      if (operation == null) {
        violations.add(req.method() + " " + req.path() + ": not in the document");
      }
      // Form bodies (the login form) are outside what vertx-openapi validates: forwarded as they are.
      String type = req.getHeader("Content-Type");
      boolean checkRequest = operation != null && !"false".equals(req.getHeader("X-Contract-Valid-Request"))
          && (type == null || type.contains("json"));
      // The validator reads the body itself; the request is forwarded with the body it parsed.
      io.vertx.core.Future<Buffer> body = checkRequest
          ? requests.validate(req, operation.getOperationId())
              .map(validated -> {
                Object value = validated.getBody() == null ? null : validated.getBody().get();
                return value == null ? Buffer.buffer() : value instanceof Buffer b ? b : io.vertx.core.json.Json.encodeToBuffer(value);
              })
              .recover(e -> {
                violations.add(req.method() + " " + req.path() + ": request: " + e.getMessage());
                return io.vertx.core.Future.succeededFuture(Buffer.buffer());
              })
          : req.body();
      body.compose(b -> forward(upstream, servicePort, req, b))
          .compose(answer -> operation == null ? io.vertx.core.Future.succeededFuture(answer)
              : checkResponse(responses, operation, req, answer).map(v -> answer))
          .onSuccess(answer -> {
            if (operation != null) {
              exercised.add(operation.getOperationId());
            }
            var response = req.response().setStatusCode(answer.statusCode());
            answer.headers().forEach(h -> {
              if (!h.getKey().equalsIgnoreCase("content-length") && !h.getKey().equalsIgnoreCase("transfer-encoding")) {
                response.headers().add(h.getKey(), h.getValue());
              }
            });
            response.end(answer.body() == null ? Buffer.buffer() : answer.body());
          })
          .onFailure(e -> {
            violations.add(req.method() + " " + req.path() + ": proxy: " + e);
            req.response().setStatusCode(599).end();
          });
    }).listen(0, "127.0.0.1"));
  }

  private static io.vertx.core.Future<HttpResponse<Buffer>> forward(WebClient upstream, int port, HttpServerRequest req,
      Buffer body) {
    HttpRequest<Buffer> request = upstream.request(req.method(), port, "127.0.0.1", req.uri()).followRedirects(false);
    req.headers().forEach(h -> {
      if (!h.getKey().equalsIgnoreCase("host") && !h.getKey().equalsIgnoreCase("content-length")) {
        request.putHeader(h.getKey(), h.getValue());
      }
    });
    return request.sendBuffer(body);
  }

  /** Records what does not match; never fails (the proxy still answers). */
  private io.vertx.core.Future<Void> checkResponse(ResponseValidator validator, Operation operation, HttpServerRequest req,
      HttpResponse<Buffer> answer) {
    io.vertx.core.Future<Void> done = io.vertx.core.Future.succeededFuture();
    String where = req.method() + " " + req.uri() + " -> " + answer.statusCode();
    JsonObject documented = raw.getJsonObject("paths").getJsonObject(operation.getOpenAPIPath())
        .getJsonObject(req.method().name().toLowerCase()).getJsonObject("responses")
        .getJsonObject(String.valueOf(answer.statusCode()));
    if (documented == null) {
      violations.add(where + ": status not documented");
      return done;
    }
    String contentType = answer.getHeader("Content-Type");
    String mediaType = contentType == null ? null : contentType.split(";")[0].strip().toLowerCase();
    JsonObject content = resolve(documented).getJsonObject("content");
    if (mediaType == null || content == null) {
      if ((mediaType == null) != (content == null) && answer.body() != null && answer.body().length() > 0) {
        violations.add(where + ": content " + mediaType + " but documented " + (content == null ? "none" : content.fieldNames()));
      }
      return done;
    }
    if (!content.containsKey(mediaType)) {
      violations.add(where + ": media type " + mediaType + " not documented (" + content.fieldNames() + ")");
      return done;
    }
    if (!mediaType.contains("json")) {
      return done; // HTML, YAML, script, style, Prometheus text: status and media type checked above
    }
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    answer.headers().forEach(h -> headers.put(h.getKey(), h.getValue()));
    return validator.validate(ValidatableResponse.create(answer.statusCode(), headers, answer.body(), mediaType),
            operation.getOperationId())
        .<Void>map(v -> null)
        .recover(e -> {
          violations.add(where + ": response: " + e.getMessage() + " body " + shorten(answer.bodyAsString()));
          return io.vertx.core.Future.succeededFuture();
        });
  }

  private static String shorten(String text) {
    return text == null || text.length() < 300 ? text : text.substring(0, 300) + "...";
  }

  /** A response object, following one {@code $ref} into components. */
  private JsonObject resolve(JsonObject response) {
    String ref = response.getString("$ref");
    if (ref == null) {
      return response;
    }
    return raw.getJsonObject("components").getJsonObject("responses").getJsonObject(ref.substring(ref.lastIndexOf('/') + 1));
  }

  HttpResponse<Buffer> call(HttpMethod method, String uri, boolean bearer, Buffer body, String contentType,
      boolean validRequest) throws Exception {
    HttpRequest<Buffer> request = client.request(method, proxyPort, "127.0.0.1", uri).followRedirects(false);
    if (bearer) {
      request.bearerTokenAuthentication(ServiceWithHistory.TOKEN);
    }
    if (contentType != null) {
      request.putHeader("Content-Type", contentType);
    }
    if (!validRequest) {
      request.putHeader("X-Contract-Valid-Request", "false");
    }
    return Await.result(body == null ? request.send() : request.sendBuffer(body), 30);
  }

  HttpResponse<Buffer> get(String uri) throws Exception {
    return call(HttpMethod.GET, uri, true, null, null, true);
  }

  HttpResponse<Buffer> postJson(String uri, JsonObject body) throws Exception {
    return call(HttpMethod.POST, uri, true, body == null ? null : body.toBuffer(), body == null ? null : "application/json", true);
  }

  private void exercise() throws Exception {
    List<Integer> statuses = new ArrayList<>();
    statuses.add(call(HttpMethod.GET, "/health", false, null, null, true).statusCode());
    statuses.add(call(HttpMethod.GET, "/health/live", false, null, null, true).statusCode());
    statuses.add(call(HttpMethod.GET, "/health/ready", false, null, null, true).statusCode());
    statuses.add(get("/metrics").statusCode());
    statuses.add(call(HttpMethod.GET, "/metrics", false, null, null, true).statusCode()); // 401
    statuses.add(get("/exports").statusCode());
    HttpResponse<Buffer> document = get("/openapi.yaml");
    statuses.add(document.statusCode());
    assertThat(document.bodyAsString()).isEqualTo(Files.readString(DOCUMENT));

    // Runs: started, waited for, looked up; bad date, unknown export, wrong content type.
    HttpResponse<Buffer> started = postJson("/exports/all/runs", new JsonObject().put("date", "2024-07-02"));
    statuses.add(started.statusCode());
    statuses.add(get("/runs/" + started.bodyAsJsonObject().getString("run_id")).statusCode());
    statuses.add(postJson("/exports/all/runs?wait=true", new JsonObject().put("date", "2024-07-03")).statusCode());
    statuses.add(call(HttpMethod.POST, "/exports/all/runs", true, new JsonObject().put("date", "03.07.2024").toBuffer(),
        "application/json", false).statusCode());
    statuses.add(postJson("/exports/nope/runs", null).statusCode());
    statuses.add(call(HttpMethod.POST, "/exports/all/runs", true, Buffer.buffer("date=x"), "text/plain", false).statusCode());
    statuses.add(get("/runs/nope").statusCode());

    // The seed's POST /: direct, push envelope, malformed, unknown export, too large.
    statuses.add(postJson("/", new JsonObject().put("export_name", "all").put("date", "2024-07-04")).statusCode());
    String data = Base64.getEncoder().encodeToString(
        new JsonObject().put("export_name", "all").put("date", "2024-07-05").encode().getBytes(StandardCharsets.UTF_8));
    statuses.add(postJson("/", new JsonObject().put("message", new JsonObject().put("data", data))
        .put("subscription", "projects/p/subscriptions/s")).statusCode());
    statuses.add(call(HttpMethod.POST, "/", true, Buffer.buffer("{not json"), "application/json", false).statusCode());
    statuses.add(postJson("/", new JsonObject().put("export_name", "nope")).statusCode());
    statuses.add(call(HttpMethod.POST, "/", true, Buffer.buffer("{\"export_name\":\"" + "x".repeat(70_000) + "\"}"),
        "application/json", false).statusCode());

    // Recovery: the failed run is retried, then verified; a date without a run.
    String failedDate = ServiceWithHistory.FAILED_DATE;
    statuses.add(get("/exports/all/runs/" + failedDate + "/verify").statusCode());
    statuses.add(postJson("/exports/all/runs/" + failedDate + "/retry", null).statusCode());
    statuses.add(get("/exports/all/runs/" + failedDate + "/verify").statusCode());
    statuses.add(postJson("/exports/all/runs/" + failedDate + "/reconcile", null).statusCode());
    statuses.add(postJson("/exports/all/runs/2020-01-01/retry", null).statusCode());
    statuses.add(call(HttpMethod.GET, "/exports/all/runs/not-a-date/verify", true, null, null, false).statusCode());

    // The status page.
    statuses.add(get("/ui").statusCode());
    statuses.add(call(HttpMethod.GET, "/ui", false, null, null, true).statusCode());
    statuses.add(call(HttpMethod.POST, "/ui/login", false, Buffer.buffer("token=" + ServiceWithHistory.TOKEN),
        "application/x-www-form-urlencoded", true).statusCode());
    statuses.add(call(HttpMethod.POST, "/ui/login", false, Buffer.buffer("token=wrong"),
        "application/x-www-form-urlencoded", true).statusCode());
    statuses.add(call(HttpMethod.POST, "/ui/logout", true, null, null, true).statusCode());
    statuses.add(call(HttpMethod.GET, "/ui/assets/status.js", false, null, null, true).statusCode());
    statuses.add(call(HttpMethod.GET, "/ui/assets/status.css", false, null, null, true).statusCode());
    statuses.add(call(HttpMethod.GET, "/ui/assets/nope.js", false, null, null, true).statusCode());

    assertThat(statuses).containsExactly(
        200, 200, 200, 200, 401, 200, 200,
        202, 200, 200, 400, 404, 415, 404,
        200, 200, 400, 404, 413,
        409, 200, 200, 200, 404, 400,
        200, 401, 303, 401, 303, 200, 200, 404);
  }
}
