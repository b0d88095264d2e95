package org.examengine.application.port.in;

/** A credential to authenticate; may be null or blank (then authentication fails cleanly). */
public record CredentialCommand(String credential) {
}
