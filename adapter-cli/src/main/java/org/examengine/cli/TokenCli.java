package org.examengine.cli;

import java.io.PrintWriter;
import java.time.Duration;

import org.examengine.application.port.in.IssueTokenCommand;
import org.examengine.application.port.in.IssuedToken;
import org.examengine.application.port.in.RevokeTokenCommand;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.Role;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Issue and revoke bearer tokens. A token is printed once; only its hash is stored.",
        subcommands = {TokenCli.Issue.class, TokenCli.Revoke.class})
final class TokenCli implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "issue", mixinStandardHelpOptions = true, description = "Issue a token for a worker, HC or admin.")
    static final class Issue implements Runnable {

        @Option(names = "--role", required = true, description = "WORKER, HC or ADMIN.")
        Role role;

        @Option(names = "--subject", required = true,
                description = "Who the token is for: a participant id for WORKER, any name for HC and ADMIN.")
        String subject;

        @Option(names = "--valid-for", paramLabel = "DURATION",
                description = "How long it is valid, e.g. PT8H or P7D (ISO-8601); default: no expiry.")
        Duration validFor;

        @Option(names = "--json", description = "Print the result as JSON.")
        boolean json;

        @Mixin
        ServerOptions target;

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            IssueTokenCommand command = new IssueTokenCommand(Cli.OPERATOR, new Actor(subject, role), validFor);
            try (Backend backend = target.open()) {
                IssuedToken issued = backend.issueToken(command);
                PrintWriter out = spec.commandLine().getOut();
                if (json) {
                    Output.json(out, new TokenOutput(issued.tokenId(), issued.token(), role, subject,
                            issued.expiresAt() == null ? null : issued.expiresAt().toString()));
                } else {
                    out.println(issued.token());
                }
            }
        }
    }

    /** What {@code token issue --json} prints. */
    record TokenOutput(String tokenId, String token, Role role, String subject, String expiresAt) {
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token by its id.")
    static final class Revoke implements Runnable {

        @Parameters(paramLabel = "TOKEN-ID", description = "The token id (the part before the dot).")
        String tokenId;

        @Mixin
        ServerOptions target;

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            new RevokeTokenCommand(Cli.OPERATOR, tokenId);
            try (Backend backend = target.open()) {
                backend.revokeToken(tokenId);
                spec.commandLine().getOut().println("revoked " + tokenId);
            }
        }
    }
}
