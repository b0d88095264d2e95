package org.examengine.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document and the routes the server declares describe the same API. */
class OpenApiDocumentTest {

    @Test
    void everyDeclaredRouteIsDocumentedAndEveryDocumentedRouteExists() {
        try (HttpTestBed bed = new HttpTestBed(0)) {
            HttpTestBed.Reply reply = bed.get("/api/openapi.json", null);
            assertThat(reply.status()).isEqualTo(200);
            JsonNode doc = reply.json();
            assertThat(doc.path("openapi").asText()).startsWith("3.");

            Set<String> documented = new HashSet<>();
            for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
                path.getValue().fieldNames().forEachRemaining(m -> documented.add(m.toUpperCase(Locale.ROOT) + " "
                        + path.getKey()));
            }
            Set<String> declared = new HashSet<>();
            bed.server.routes().forEach(r -> declared.add(r.method() + " " + r.path()));

            assertThat(declared).hasSizeGreaterThan(25);
            assertThat(documented).containsExactlyInAnyOrderElementsOf(declared);
        }
    }

    @Test
    void everySchemaReferenceResolves() {
        try (HttpTestBed bed = new HttpTestBed(0)) {
            JsonNode doc = bed.get("/api/openapi.json", null).json();
            Set<String> refs = new HashSet<>();
            collectRefs(doc, refs);
            assertThat(refs).isNotEmpty();
            for (String ref : refs) {
                assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
            }
        }
    }

    private static void collectRefs(JsonNode node, Set<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("$ref")) {
                    refs.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, refs));
        }
    }
}
