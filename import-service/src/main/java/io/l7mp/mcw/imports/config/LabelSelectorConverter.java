package io.l7mp.mcw.imports.config;

import org.eclipse.microprofile.config.spi.Converter;

import io.l7mp.mcw.imports.domain.LabelSelector;

/**
 * Reads a label selector setting, so that a bad one stops the service at start-up: SmallRye Config reports the
 * key, the value and the parser's message (which requirement is wrong, and the expected form).
 */
public class LabelSelectorConverter implements Converter<LabelSelector> {
    private static final long serialVersionUID = 1L;

    @Override
    public LabelSelector convert(String value) {
        return value == null || value.isBlank() ? null : LabelSelector.parse(value);
    }
}
