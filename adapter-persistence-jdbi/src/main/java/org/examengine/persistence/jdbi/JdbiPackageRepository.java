package org.examengine.persistence.jdbi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.examengine.application.port.out.PackageRepository;
import org.examengine.domain.exampackage.ExamPackage;
import org.examengine.domain.exampackage.Option;
import org.examengine.domain.exampackage.OptionId;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.exampackage.Question;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;
import org.jdbi.v3.core.statement.PreparedBatch;

/** Packages as three tables (package, questions, options) with their authoring positions; read in one join. */
final class JdbiPackageRepository implements PackageRepository {

    private final JdbiTransactions tx;

    JdbiPackageRepository(JdbiTransactions tx) {
        this.tx = tx;
    }

    @Override
    public void insert(ExamPackage pkg) {
        tx.callGuarded(h -> {
            h.createUpdate("INSERT INTO packages (id, title) VALUES (:id, :title)")
                    .bind("id", pkg.id().value()).bind("title", pkg.title()).execute();
            PreparedBatch questions = h.prepareBatch("""
                    INSERT INTO questions (package_id, id, position, question_text, weight)
                    VALUES (:package_id, :id, :position, :text, :weight)
                    """);
            PreparedBatch options = h.prepareBatch("""
                    INSERT INTO options (package_id, question_id, id, position, option_text, correct)
                    VALUES (:package_id, :question_id, :id, :position, :text, :correct)
                    """);
            for (int qi = 0; qi < pkg.questions().size(); qi++) {
                Question q = pkg.questions().get(qi);
                questions.bind("package_id", pkg.id().value()).bind("id", q.id().value()).bind("position", qi)
                        .bind("text", q.text()).bind("weight", q.weight()).add();
                for (int oi = 0; oi < q.options().size(); oi++) {
                    Option o = q.options().get(oi);
                    options.bind("package_id", pkg.id().value()).bind("question_id", q.id().value())
                            .bind("id", o.id().value()).bind("position", oi).bind("text", o.text())
                            .bind("correct", o.correct()).add();
                }
            }
            questions.execute();
            options.execute();
            return null;
        }, failure -> new ExamException(ErrorCode.DUPLICATE_ID, "package " + pkg.id() + " exists"));
    }

    @Override
    public Optional<ExamPackage> findById(PackageId id) {
        return tx.call(h -> {
            Map<String, QuestionRow> questions = new LinkedHashMap<>();
            String[] title = new String[1];
            h.createQuery("""
                            SELECT p.title, q.id AS question_id, q.question_text, q.weight,
                                   o.id AS option_id, o.option_text, o.correct
                            FROM packages p
                            JOIN questions q ON q.package_id = p.id
                            JOIN options o ON o.package_id = q.package_id AND o.question_id = q.id
                            WHERE p.id = :id
                            ORDER BY q.position, o.position
                            """)
                    .bind("id", id.value())
                    .map((rs, ctx) -> {
                        title[0] = rs.getString("title");
                        QuestionRow q = questions.computeIfAbsent(rs.getString("question_id"), k -> new QuestionRow());
                        if (q.options.isEmpty()) {
                            q.text = rs.getString("question_text");
                            q.weight = rs.getInt("weight");
                        }
                        q.options.add(new Option(OptionId.of(rs.getString("option_id")), rs.getString("option_text"),
                                rs.getBoolean("correct")));
                        return q;
                    })
                    .list();
            if (questions.isEmpty()) {
                return Optional.empty();
            }
            List<Question> list = new ArrayList<>(questions.size());
            questions.forEach((qid, q) -> list.add(new Question(QuestionId.of(qid), q.text, q.options, q.weight)));
            return Optional.of(new ExamPackage(id, title[0], list));
        });
    }

    private static final class QuestionRow {
        String text;
        int weight;
        final List<Option> options = new ArrayList<>();
    }
}
