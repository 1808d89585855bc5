package io.meshwork.processors;

import io.meshwork.core.catalog.CatalogProduct;
import io.meshwork.core.catalog.ProductSource;
import io.meshwork.core.contract.ContractLoader;
import io.meshwork.core.contract.DataContract;
import io.meshwork.core.serde.SchemaLookup;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The demo contracts as the gateway's catalog and registry would serve them, with schema ids given
 * here: what the topology's logic needs, without a gateway or a broker.
 */
final class LocalCatalog {

    private final Map<String, CatalogProduct> products = new LinkedHashMap<>();
    private final Map<Integer, Schema> schemas = new LinkedHashMap<>();

    private LocalCatalog(List<DataContract> contracts) {
        int id = 1;
        for (DataContract contract : contracts.stream().sorted(Comparator.comparing(DataContract::topic)).toList()) {
            products.put(contract.topic(), CatalogProduct.of(contract, id));
            schemas.put(id, contract.schema());
            id++;
        }
    }

    /** The contracts under {@code mesh.contracts.dir}, which must all load. */
    static LocalCatalog demo() {
        ContractLoader.FolderResult loaded = ContractLoader.loadFolder(Path.of(System.getProperty("mesh.contracts.dir")));
        if (!loaded.ok()) {
            throw new IllegalStateException("the demo contracts do not load: " + loaded.problems());
        }
        return new LocalCatalog(loaded.contracts());
    }

    ProductSource products() {
        return ProductSource.of(products);
    }

    SchemaLookup schemas() {
        return id -> {
            Schema schema = schemas.get(id);
            if (schema == null) {
                throw new SerializationException("no schema has id " + id);
            }
            return schema;
        };
    }
}
