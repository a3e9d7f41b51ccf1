package io.conversion.sync.activity;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** What a batch's activity rows add up to: created / updated / deleted / skipped / failed, and its objects. */
record BatchCounts(int created, int updated, int deleted, int skipped, int failed, Set<String> objects) {

    static BatchCounts of(List<Activity> rows) {
        int created = 0;
        int updated = 0;
        int deleted = 0;
        int skipped = 0;
        int failed = 0;
        Set<String> objects = new TreeSet<>();
        for (Activity a : rows) {
            if (a.objectType() != null) {
                objects.add(a.objectType());
            }
            switch (a.outcome()) {
                case FAILED -> failed++;
                case SKIPPED -> skipped++;
                case APPLIED -> {
                    if (isCreate(a)) {
                        created++;
                    } else if ("DELETED".equals(a.action()) || "DELETE".equals(a.action())) {
                        deleted++;
                    } else {
                        updated++;
                    }
                }
            }
        }
        return new BatchCounts(created, updated, deleted, skipped, failed, objects);
    }

    /** Inbound CREATED, outbound CREATE_LEAD / CREATE_CONTACT, and an import that made a new Conversion row. */
    private static boolean isCreate(Activity a) {
        String action = a.action() == null ? "" : a.action();
        return action.startsWith("CREATE") || "IMPORTED".equals(action) && a.message() != null
                && a.message().startsWith("Initial import: CREATED");
    }
}
