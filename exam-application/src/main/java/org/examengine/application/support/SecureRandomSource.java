package org.examengine.application.support;

import java.security.SecureRandom;
import java.util.HexFormat;

import org.examengine.application.port.out.RandomSource;

/** The production random source: {@link SecureRandom}, ids of 128 random bits in hex. Thread-safe. */
public final class SecureRandomSource implements RandomSource {

    private final SecureRandom random = new SecureRandom();

    @Override
    public long nextLong() {
        return random.nextLong();
    }

    @Override
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    @Override
    public String newId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
