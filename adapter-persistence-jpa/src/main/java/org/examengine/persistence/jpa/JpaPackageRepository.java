package org.examengine.persistence.jpa;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.examengine.application.port.out.PackageRepository;
import org.examengine.domain.exampackage.ExamPackage;
import org.examengine.domain.exampackage.Option;
import org.examengine.domain.exampackage.PackageId;
import org.examengine.domain.exampackage.Question;
import org.examengine.domain.exampackage.QuestionId;
import org.examengine.domain.shared.ErrorCode;
import org.examengine.domain.shared.ExamException;

/**
 * Packages as three tables (package, questions, options) with their authoring positions, read back in one
 * statement joining all three. Packages never change, so nothing read or written stays in the persistence
 * context.
 */
final class JpaPackageRepository implements PackageRepository {

    private final JpaTransactions tx;

    JpaPackageRepository(JpaTransactions tx) {
        this.tx = tx;
    }

    @Override
    public void insert(ExamPackage pkg) {
        String packageId = pkg.id().value();
        List<Object> rows = new ArrayList<>();
        rows.add(new PackageEntity(packageId, pkg.title()));
        List<Question> questions = pkg.questions();
        for (int qi = 0; qi < questions.size(); qi++) {
            Question q = questions.get(qi);
            rows.add(new QuestionEntity(packageId, q.id().value(), qi, q.text(), q.weight()));
        }
        // Every question before any option, which refers to its question.
        for (Question q : questions) {
            for (int oi = 0; oi < q.options().size(); oi++) {
                Option o = q.options().get(oi);
                rows.add(new OptionEntity(packageId, q.id().value(), o.id().value(), oi, o.text(), o.correct()));
            }
        }
        tx.call(em -> {
            rows.forEach(em::persist);
            em.flush();
            rows.forEach(em::detach);
            return null;
        }, failure -> new ExamException(ErrorCode.DUPLICATE_ID, "package " + pkg.id() + " exists"));
    }

    @Override
    public Optional<ExamPackage> findById(PackageId id) {
        return tx.call(em -> {
            List<Object[]> rows = em.createQuery("""
                            select p, q, o from PackageEntity p
                            join QuestionEntity q on q.packageId = p.id
                            join OptionEntity o on o.packageId = q.packageId and o.questionId = q.id
                            where p.id = :id
                            order by q.position, o.position
                            """, Object[].class)
                    .setParameter("id", id.value())
                    .getResultList();
            if (rows.isEmpty()) {
                return Optional.empty();
            }
            Map<String, QuestionEntity> questions = new LinkedHashMap<>();
            Map<String, List<Option>> options = new LinkedHashMap<>();
            for (Object[] row : rows) {
                QuestionEntity q = (QuestionEntity) row[1];
                questions.putIfAbsent(q.id(), q);
                options.computeIfAbsent(q.id(), k -> new ArrayList<>()).add(((OptionEntity) row[2]).toDomain());
            }
            List<Question> list = new ArrayList<>(questions.size());
            questions.forEach((qid, q) -> list.add(new Question(QuestionId.of(qid), q.text(), options.get(qid),
                    q.weight())));
            ExamPackage pkg = new ExamPackage(id, ((PackageEntity) rows.get(0)[0]).title(), list);
            for (Object[] row : rows) {
                for (Object entity : row) {
                    em.detach(entity);
                }
            }
            return Optional.of(pkg);
        });
    }
}
