package org.examengine.persistence.jdbi;

/**
 * How far an acknowledged write of an H2 file database ({@link JdbiExamStorage#h2File(java.nio.file.Path, int,
 * H2Durability)}) has gone when the engine's call returns. Either way, the transactions that commit while the file
 * is being written share the next write (group commit), and saves and heartbeats are journaled instead.
 */
public enum H2Durability {

    /**
     * The write is in the database file (or, for a save or a heartbeat, in the journal beside it): it survives the
     * server process being killed or crashing, and the operating system puts it on the disk later. A power cut or an operating-system crash may lose the last
     * moments. The default.
     */
    WRITTEN_TO_FILE,

    /**
     * The write is forced to the disk ({@code fsync}) before the call returns, in the database file or, for a save
     * or a heartbeat, in the journal beside it, so it also survives a power cut or an operating-system crash.
     * Each shared write of the file and each append to the journal then waits for the disk.
     */
    FORCED_TO_DISK
}
