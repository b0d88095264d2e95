package org.examengine.cli;

import org.examengine.persistence.jdbi.JdbiExamStorage;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Create or upgrade the database schema. Safe to repeat; columns are added nullable first, so "
                + "sessions in progress survive an upgrade.")
final class MigrateCli implements Runnable {

    @Mixin
    private StorageOptions storage;

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        boolean created = storage.isNewDirectory();
        try (JdbiExamStorage db = storage.open()) {
            spec.commandLine().getOut().println((created ? "created the exam database in " : "schema is up to date in ")
                    + storage.db);
        }
    }
}
