package org.examengine.application.port.out;

/** Randomness for package draws, shuffle seeds and new ids; tests plug in a seeded one. */
public interface RandomSource {

    long nextLong();

    /** A value in {@code [0, bound)}. */
    int nextInt(int bound);

    /** A new opaque id, unique with overwhelming probability. */
    String newId();
}
