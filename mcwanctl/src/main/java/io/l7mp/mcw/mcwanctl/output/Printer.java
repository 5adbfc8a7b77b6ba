package io.l7mp.mcw.mcwanctl.output;

import java.io.PrintWriter;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

/** Writes a value as JSON or YAML, null fields left out, in the order the records declare them. */
public final class Printer {

    private static final ObjectMapper JSON = configure(new ObjectMapper());
    private static final ObjectMapper YAML = configure(new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // "6" stays a string (resourceVersion), as Kubernetes needs it when the output is applied again
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build()));

    private Printer() {
    }

    public static void print(PrintWriter out, OutputFormat format, Object value) {
        out.print(format(format, value));
        out.flush();
    }

    /** One line of JSON, for streams ({@code tunnels --watch -o json}). */
    public static String jsonLine(Object value) {
        try {
            return JSON.writer().without(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String format(OutputFormat format, Object value) {
        try {
            return switch (format) {
                case json -> JSON.writeValueAsString(value) + "\n";
                case yaml -> YAML.writeValueAsString(value);
                case table -> throw new IllegalArgumentException("tables are rendered by each command");
            };
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }
}
