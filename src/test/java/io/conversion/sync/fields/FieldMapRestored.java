package io.conversion.sync.fields;

import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * For tests on the shared Spring context that change the field map: the map each test found is put back after it,
 * so that no mode or custom mapping leaks into the next test. {@code @ExtendWith(FieldMapRestored.class)}.
 */
public class FieldMapRestored implements BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(FieldMapRestored.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put("map", fieldMap(context).all());
    }

    @Override
    @SuppressWarnings("unchecked")
    public void afterEach(ExtensionContext context) {
        fieldMap(context).replace((List<FieldMapping>) context.getStore(NS).get("map"), "test");
    }

    private static FieldMap fieldMap(ExtensionContext context) {
        return SpringExtension.getApplicationContext(context).getBean(FieldMap.class);
    }
}
