package org.examengine.persistence.jdbi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.examengine.application.port.out.AssessmentRepository;
import org.examengine.application.port.out.AssessmentSearch;
import org.examengine.domain.assessment.Assessment;
import org.examengine.domain.assessment.AssessmentId;
import org.examengine.domain.assessment.ExamPolicy;
import org.examengine.domain.assessment.ExpiryPolicy;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.SqlStatement;

/** Assessments with their package list; every read is one statement joining both tables. */
final class JdbiAssessmentRepository implements AssessmentRepository {

    private static final String COLUMNS = """
            a.id, a.title, a.category, a.schedule_date, a.opens_at, a.closes_at, a.duration_minutes,
            a.passing_score_percent, a.grace_seconds, a.offline_after_seconds, a.expiry_policy,
            a.outage_credit_cap_seconds, a.allow_review, a.questions_per_page, a.shuffle_questions,
            a.shuffle_options, a.closed_early_at, a.version, p.package_id
            """;

    private final JdbiTransactions tx;
    private final Dialect dialect;

    JdbiAssessmentRepository(JdbiTransactions tx, Dialect dialect) {
        this.tx = tx;
        this.dialect = dialect;
    }

    @Override
    public void insert(Assessment assessment) {
        tx.callGuarded(h -> {
            bindFields(h.createUpdate("""
                    INSERT INTO assessments (id, title, category, schedule_date, opens_at, closes_at,
                        duration_minutes, passing_score_percent, grace_seconds, offline_after_seconds,
                        expiry_policy, outage_credit_cap_seconds, allow_review, questions_per_page,
                        shuffle_questions, shuffle_options, closed_early_at, version)
                    VALUES (:id, :title, :category, :schedule_date, :opens_at, :closes_at,
                        :duration_minutes, :passing_score_percent, :grace_seconds, :offline_after_seconds,
                        :expiry_policy, :outage_credit_cap_seconds, :allow_review, :questions_per_page,
                        :shuffle_questions, :shuffle_options, :closed_early_at, :version)
                    """), assessment)
                    .bind("version", assessment.version())
                    .execute();
            PreparedBatch batch = h.prepareBatch(
                    "INSERT INTO assessment_packages (assessment_id, position, package_id) VALUES (:a, :pos, :p)");
            List<PackageId> packageIds = assessment.packageIds();
            for (int i = 0; i < packageIds.size(); i++) {
                batch.bind("a", assessment.id().value()).bind("pos", i).bind("p", packageIds.get(i).value()).add();
            }
            batch.execute();
            return null;
        }, failure -> {
            if (SqlErrors.violates(failure, "uq_assessments_key")) {
                return new ExamException(ErrorCode.DUPLICATE_ASSESSMENT, "assessment '" + assessment.title()
                        + "' in " + assessment.category() + " on " + assessment.scheduleDate() + " exists");
            }
            return new ExamException(ErrorCode.DUPLICATE_ID, "assessment " + assessment.id() + " exists");
        });
    }

    @Override
    public Assessment update(Assessment assessment) {
        return tx.write(h -> {
            int changed = bindFields(h.createUpdate("""
                    UPDATE assessments SET title = :title, category = :category, schedule_date = :schedule_date,
                        opens_at = :opens_at, closes_at = :closes_at, duration_minutes = :duration_minutes,
                        passing_score_percent = :passing_score_percent, grace_seconds = :grace_seconds,
                        offline_after_seconds = :offline_after_seconds, expiry_policy = :expiry_policy,
                        outage_credit_cap_seconds = :outage_credit_cap_seconds, allow_review = :allow_review,
                        questions_per_page = :questions_per_page, shuffle_questions = :shuffle_questions,
                        shuffle_options = :shuffle_options, closed_early_at = :closed_early_at,
                        version = version + 1
                    WHERE id = :id AND version = :version
                    """), assessment)
                    .bind("version", assessment.version())
                    .execute();
            if (changed == 0) {
                Optional<Long> stored = h.createQuery("SELECT version FROM assessments WHERE id = :id")
                        .bind("id", assessment.id().value()).mapTo(Long.class).findOne();
                if (stored.isEmpty()) {
                    throw new ExamException(ErrorCode.ASSESSMENT_NOT_FOUND,
                            "assessment " + assessment.id() + " not found");
                }
                throw new ExamException(ErrorCode.CONCURRENT_UPDATE, "assessment " + assessment.id()
                        + " changed: version " + stored.get() + ", not " + assessment.version());
            }
            // The package list is part of the assessment: replaced as a whole when it changed.
            List<PackageId> storedPackages = h.createQuery(
                            "SELECT package_id FROM assessment_packages WHERE assessment_id = :a ORDER BY position")
                    .bind("a", assessment.id().value()).map((rs, ctx) -> PackageId.of(rs.getString(1))).list();
            if (!storedPackages.equals(assessment.packageIds())) {
                h.createUpdate("DELETE FROM assessment_packages WHERE assessment_id = :a")
                        .bind("a", assessment.id().value()).execute();
                PreparedBatch batch = h.prepareBatch(
                        "INSERT INTO assessment_packages (assessment_id, position, package_id) VALUES (:a, :pos, :p)");
                for (int i = 0; i < assessment.packageIds().size(); i++) {
                    batch.bind("a", assessment.id().value()).bind("pos", i)
                            .bind("p", assessment.packageIds().get(i).value()).add();
                }
                batch.execute();
            }
            return assessment.withVersion(assessment.version() + 1);
        });
    }

    @Override
    public Optional<Assessment> findById(AssessmentId id) {
        return tx.call(h -> first(select(h, "WHERE a.id = :id", q -> q.bind("id", id.value()))));
    }

    @Override
    public Optional<Assessment> findByKey(String title, String category, LocalDate scheduleDate) {
        return tx.call(h -> first(select(h,
                "WHERE a.title = :title AND a.category = :category AND a.schedule_date = :schedule_date",
                q -> q.bind("title", title).bind("category", category).bind("schedule_date", scheduleDate))));
    }

    @Override
    public List<Assessment> search(AssessmentSearch search) {
        StringBuilder where = new StringBuilder("WHERE 1 = 1");
        if (search.titleContains() != null) {
            where.append(" AND LOWER(title) LIKE :title ESCAPE '\\'");
        }
        if (search.category() != null) {
            where.append(" AND LOWER(category) = :category");
        }
        if (search.from() != null) {
            where.append(" AND schedule_date >= :from");
        }
        if (search.to() != null) {
            where.append(" AND schedule_date <= :to");
        }
        String order = "schedule_date DESC, " + dialect.titleThenIdOrder();
        // The limit applies to assessments, so it goes in a derived table before joining their package rows.
        String sql = "SELECT " + COLUMNS + " FROM (SELECT * FROM assessments " + where + " ORDER BY " + order
                + " LIMIT :limit OFFSET :offset) a JOIN assessment_packages p ON p.assessment_id = a.id ORDER BY "
                + qualified(order) + ", p.position";
        return tx.call(h -> {
            Query q = h.createQuery(sql).bind("limit", search.limit()).bind("offset", search.offset());
            if (search.titleContains() != null) {
                q.bind("title", "%" + likeEscape(search.titleContains().toLowerCase(Locale.ROOT)) + "%");
            }
            if (search.category() != null) {
                q.bind("category", search.category().toLowerCase(Locale.ROOT));
            }
            if (search.from() != null) {
                q.bind("from", search.from());
            }
            if (search.to() != null) {
                q.bind("to", search.to());
            }
            return assemble(q);
        });
    }

    private static String qualified(String order) {
        return "a." + order.replace(", ", ", a.");
    }

    private static String likeEscape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static List<Assessment> select(Handle h, String where, Consumer<Query> binder) {
        Query q = h.createQuery("SELECT " + COLUMNS
                + " FROM assessments a JOIN assessment_packages p ON p.assessment_id = a.id " + where
                + " ORDER BY a.id, p.position");
        binder.accept(q);
        return assemble(q);
    }

    private static Optional<Assessment> first(List<Assessment> found) {
        return found.stream().findFirst();
    }

    /** Folds the joined rows (one per package, in package order) into assessments, keeping the row order. */
    private static List<Assessment> assemble(Query q) {
        Map<String, Row> rows = new LinkedHashMap<>();
        q.map((rs, ctx) -> {
            String id = rs.getString("id");
            Row row = rows.get(id);
            if (row == null) {
                row = new Row(rs);
                rows.put(id, row);
            }
            row.packageIds.add(PackageId.of(rs.getString("package_id")));
            return id;
        }).list();
        return rows.values().stream().map(Row::toAssessment).toList();
    }

    /** The assessment columns of one row, collecting the package ids of the following rows. */
    private static final class Row {
        final String id;
        final String title;
        final String category;
        final LocalDate scheduleDate;
        final Instant opensAt;
        final Instant closesAt;
        final int durationMinutes;
        final int passingScorePercent;
        final ExamPolicy policy;
        final Instant closedEarlyAt;
        final long version;
        final List<PackageId> packageIds = new ArrayList<>();

        Row(ResultSet rs) throws SQLException {
            id = rs.getString("id");
            title = rs.getString("title");
            category = rs.getString("category");
            scheduleDate = rs.getObject("schedule_date", LocalDate.class);
            opensAt = Columns.instant(rs, "opens_at");
            closesAt = Columns.instant(rs, "closes_at");
            durationMinutes = rs.getInt("duration_minutes");
            passingScorePercent = rs.getInt("passing_score_percent");
            Long creditCap = Columns.nullableLong(rs, "outage_credit_cap_seconds");
            policy = new ExamPolicy(Duration.ofSeconds(rs.getLong("grace_seconds")),
                    Duration.ofSeconds(rs.getLong("offline_after_seconds")),
                    Columns.enumValue(rs, "expiry_policy", ExpiryPolicy.class),
                    // Stored before outage credit existed: the feature stays off, as it was.
                    creditCap == null ? Duration.ZERO : Duration.ofSeconds(creditCap),
                    rs.getBoolean("allow_review"), rs.getInt("questions_per_page"),
                    rs.getBoolean("shuffle_questions"), rs.getBoolean("shuffle_options"));
            closedEarlyAt = Columns.instant(rs, "closed_early_at");
            version = rs.getLong("version");
        }

        Assessment toAssessment() {
            return new Assessment(AssessmentId.of(id), title, category, scheduleDate, opensAt, closesAt,
                    durationMinutes, passingScorePercent, policy, packageIds, closedEarlyAt, version);
        }
    }

    private static <S extends SqlStatement<S>> S bindFields(S statement, Assessment a) {
        ExamPolicy policy = a.policy();
        return statement.bind("id", a.id().value())
                .bind("title", a.title())
                .bind("category", a.category())
                .bind("schedule_date", a.scheduleDate())
                .bind("opens_at", Columns.instant(a.opensAt()))
                .bind("closes_at", Columns.instant(a.closesAt()))
                .bind("duration_minutes", a.durationMinutes())
                .bind("passing_score_percent", a.passingScorePercent())
                .bind("grace_seconds", policy.grace().toSeconds())
                .bind("offline_after_seconds", policy.offlineAfter().toSeconds())
                .bind("expiry_policy", Columns.name(policy.expiry()))
                .bind("outage_credit_cap_seconds", policy.outageCreditCap().toSeconds())
                .bind("allow_review", policy.allowReview())
                .bind("questions_per_page", policy.questionsPerPage())
                .bind("shuffle_questions", policy.shuffleQuestions())
                .bind("shuffle_options", policy.shuffleOptions())
                .bind("closed_early_at", Columns.instant(a.closedEarlyAt()));
    }
}
