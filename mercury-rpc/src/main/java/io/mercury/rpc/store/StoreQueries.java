package io.mercury.rpc.store;

import static io.mercury.rpc.model.TaskDocs.ID;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.conversions.Bson;

/** Query pieces the job and task stores share. */
final class StoreQueries {
  private StoreQueries() {}

  /** A caller's projection as bson; null or empty means whole documents. */
  static Bson projection(Map<String, Object> projection) {
    return projection == null || projection.isEmpty() ? null : new Document(projection);
  }

  /**
   * Up to {@code limit} ids in {@code collection} that start with {@code prefix}, in id order: what an
   * operator's shortened id may stand for. The prefix is matched literally.
   */
  static List<String> idsStartingWith(MongoCollection<Document> collection, String prefix, int limit) {
    List<String> ids = new ArrayList<>();
    for (Document d :
        collection
            .find(Filters.regex(ID, "^" + Pattern.quote(prefix)))
            .projection(Projections.include(ID))
            .sort(Sorts.ascending(ID))
            .limit(limit)) {
      ids.add(d.getString(ID));
    }
    return ids;
  }
}
