package org.examengine.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.examengine.application.port.in.IssueTokenCommand;
import org.examengine.application.port.in.IssuedToken;
import org.examengine.application.port.in.RevokeTokenCommand;
import org.examengine.domain.shared.Actor;
import org.examengine.domain.shared.Role;

import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
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

        @Option(names = "--role", required = true, converter = IssuedRole.class, description = "WORKER, HC or ADMIN.")
        Role role;

        @Option(names = "--subject", required = true,
                description = "Who the token is for: a participant id for WORKER, any name for HC and ADMIN.")
        String subject;

        @Option(names = "--valid-for", paramLabel = "DURATION", converter = ValidFor.class,
                description = "How long it is valid, 1 minute to 366 days: e.g. 90m, 8h, 7d, or ISO-8601 such as PT8H; "
                        + "default: no expiry.")
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

    /** The roles a token is issued to; the engine's own role is not one. */
    static final class IssuedRole implements ITypeConverter<Role> {
        @Override
        public Role convert(String value) {
            for (Role role : new Role[] {Role.WORKER, Role.HC, Role.ADMIN}) {
                if (role.name().equalsIgnoreCase(value)) {
                    return role;
                }
            }
            throw new TypeConversionException("expected WORKER, HC or ADMIN, was '" + value + "'");
        }
    }

    /** A duration as {@code 90m}, {@code 8h}, {@code 7d} or ISO-8601, of at least a minute. */
    static final class ValidFor implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration duration;
            try {
                Matcher brief = SHORT.matcher(value.strip());
                duration = !brief.matches() ? Duration.parse(value.strip())
                        : switch (Character.toLowerCase(brief.group(2).charAt(0))) {
                            case 'm' -> Duration.ofMinutes(Long.parseLong(brief.group(1)));
                            case 'h' -> Duration.ofHours(Long.parseLong(brief.group(1)));
                            default -> Duration.ofDays(Long.parseLong(brief.group(1)));
                        };
            } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
                throw new TypeConversionException("expected a duration such as 90m, 8h, 7d or PT8H, was '" + value
                        + "'");
            }
            if (duration.toMinutes() < 1 || duration.toMinutes() > IssueTokenCommand.MAX_VALID_FOR_MINUTES) {
                throw new TypeConversionException("a token is valid for 1 minute to 366 days, was '" + value + "'");
            }
            return duration;
        }

        private static final Pattern SHORT = Pattern.compile("(\\d{1,9})\\s*([mhdMHD])");
    }
}
