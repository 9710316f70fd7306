package io.mercury.inventory.store;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.result.UpdateResult;
import io.mercury.common.codec.MsgPack;
import io.mercury.common.dispatch.EndpointException;
import io.mercury.inventory.merge.UpdateHooks;
import io.mercury.inventory.merge.UpdatePlan;
import io.mercury.inventory.query.QueryGuard;
import java.math.BigInteger;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;

/**
 * Device documents in one MongoDB collection, keyed by the unique {@code mercury_id}.
 *
 * <p>Works on both a real MongoDB and the embedded mongo-java-server: lookups go through the unique
 * {@code mercury_id} index; merges that rewrite the interface list are applied with an optimistic check on
 * {@code time_updated} instead of a transaction.
 */
public final class DeviceStore {
  public static final Set<String> BOOT_STATES = Set.of("agent", "local", "rescue");
  private static final Set<String> BOOT_KEYS = Set.of("boot.state", "boot.script");
  private static final int MAX_MERGE_ATTEMPTS = 8;

  /** Most devices one {@code query} reply may hold unless configured otherwise. */
  public static final long DEFAULT_MAX_QUERY_RESULTS = 10_000;

  private final MongoCollection<Document> devices;
  private final InstantSource clock;
  private final long maxQueryResults;

  public DeviceStore(MongoCollection<Document> devices, InstantSource clock) {
    this(devices, clock, DEFAULT_MAX_QUERY_RESULTS);
  }

  /**
   * @param maxQueryResults most devices one {@code query} reply may hold ({@code
   *     inventory.max_query_results}): a larger {@code limit} is refused, and so is {@code limit} 0
   *     ("all") when more devices than this match; callers page with {@code offset_id}
   */
  public DeviceStore(MongoCollection<Document> devices, InstantSource clock, long maxQueryResults) {
    if (maxQueryResults < 1) {
      throw new IllegalArgumentException("maxQueryResults must be positive, was " + maxQueryResults);
    }
    this.devices = devices;
    this.clock = clock;
    this.maxQueryResults = maxQueryResults;
  }

  /** Creates the unique index on {@code mercury_id} and lookup indexes for real MongoDB. */
  public void ensureIndexes() {
    devices.createIndex(Indexes.ascending("mercury_id"), new IndexOptions().unique(true));
    // The embedded server ignores non-unique indexes; a real MongoDB uses them for these lookups.
    devices.createIndex(Indexes.ascending("active.rpc_address"));
    devices.createIndex(Indexes.ascending("origin.name"));
    devices.createIndex(Indexes.ascending("interfaces.address"));
    devices.createIndex(Indexes.ascending("boot.state"));
  }

  private double now() {
    return MsgPack.epochSeconds(clock.instant());
  }

  /**
   * Inserts a new device, or, when its {@code mercury_id} is known, merges the document into the stored
   * one as {@link #updateOne} does. Returns the hex {@code _id} of the stored document.
   */
  public String insertOne(Map<String, Object> device) {
    Object id = device.get("mercury_id");
    if (!(id instanceof String mercuryId) || mercuryId.isBlank()) {
      throw new EndpointException("mercury_id is missing from the device document");
    }
    for (int attempt = 0; attempt < 2; attempt++) {
      Document existing = devices.find(Filters.eq("mercury_id", mercuryId)).projection(Projections.include("_id")).first();
      if (existing != null) {
        Map<String, Object> update = new LinkedHashMap<>(device);
        update.remove("mercury_id");
        if (!update.isEmpty()) {
          updateOne(mercuryId, update);
        }
        return existing.getObjectId("_id").toHexString();
      }
      Document doc = new Document(sanitize(device));
      doc.remove("_id");
      double now = now();
      doc.put("time_created", now);
      doc.put("time_updated", now);
      try {
        devices.insertOne(doc);
        return doc.getObjectId("_id").toHexString();
      } catch (MongoWriteException e) {
        if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
          throw e;
        }
        // Another insert of the same device won the race: merge into it instead.
      }
    }
    throw new EndpointException("Concurrent inserts of " + mercuryId + " did not settle; retry");
  }

  /**
   * {@link #insertOne} for many devices at once, in as few store commands as the batch allows: one
   * lookup of every id, one unordered {@code insertMany} of the new devices, one unordered bulk of the
   * merges into known devices (each conditional as in {@link #updateOne}). A device whose write did not
   * apply in the bulk (a duplicate key from a concurrent insert, a merge that lost its optimistic check,
   * an id that occurs twice in the batch) goes through {@link #insertOne} alone, so the outcome per
   * device is that of {@link #insertOne}. Returns, in the order given, the hex {@code _id} of each device
   * or the {@link RuntimeException} that failed it.
   */
  public List<Object> insertAll(List<Map<String, Object>> batch) {
    Object[] results = new Object[batch.size()];
    Map<String, Integer> firstOf = new LinkedHashMap<>();
    List<Integer> alone = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      Object id = batch.get(i).get("mercury_id");
      if (!(id instanceof String mercuryId) || mercuryId.isBlank()) {
        results[i] = new EndpointException("mercury_id is missing from the device document");
      } else if (firstOf.putIfAbsent(mercuryId, i) != null) {
        alone.add(i);
      }
    }
    Map<String, Document> stored = new LinkedHashMap<>();
    if (!firstOf.isEmpty()) {
      devices
          .find(Filters.in("mercury_id", firstOf.keySet()))
          .projection(Projections.include("_id", "mercury_id", "interfaces", "time_updated"))
          .forEach(d -> stored.put(d.getString("mercury_id"), d));
    }
    List<Integer> inserts = new ArrayList<>();
    List<Document> newDocs = new ArrayList<>();
    List<Integer> merges = new ArrayList<>();
    List<UpdateOneModel<Document>> mergeModels = new ArrayList<>();
    double now = now();
    for (Map.Entry<String, Integer> e : firstOf.entrySet()) {
      int i = e.getValue();
      Document existing = stored.get(e.getKey());
      try {
        if (existing == null) {
          Document doc = new Document(sanitize(batch.get(i)));
          doc.remove("_id");
          doc.put("time_created", now);
          doc.put("time_updated", now);
          doc.put("_id", new ObjectId());
          inserts.add(i);
          newDocs.add(doc);
        } else {
          Map<String, Object> update = new LinkedHashMap<>(batch.get(i));
          update.remove("mercury_id");
          results[i] = existing.getObjectId("_id").toHexString();
          if (!update.isEmpty()) {
            merges.add(i);
            mergeModels.add(mergeModel(existing, update, now));
          }
        }
      } catch (RuntimeException failure) {
        results[i] = failure;
      }
    }
    if (!newDocs.isEmpty()) {
      try {
        devices.insertMany(newDocs, new InsertManyOptions().ordered(false));
        for (int k = 0; k < inserts.size(); k++) {
          results[inserts.get(k)] = newDocs.get(k).getObjectId("_id").toHexString();
        }
      } catch (MongoBulkWriteException partial) {
        Set<Integer> failed = new HashSet<>();
        partial.getWriteErrors().forEach(err -> failed.add(err.getIndex()));
        for (int k = 0; k < inserts.size(); k++) {
          if (failed.contains(k)) {
            alone.add(inserts.get(k));
          } else {
            results[inserts.get(k)] = newDocs.get(k).getObjectId("_id").toHexString();
          }
        }
      }
    }
    if (!mergeModels.isEmpty()) {
      BulkWriteResult written;
      try {
        written = devices.bulkWrite(mergeModels, new BulkWriteOptions().ordered(false));
      } catch (MongoBulkWriteException partial) {
        written = partial.getWriteResult();
      }
      if (written.getMatchedCount() != mergeModels.size()) {
        // Which merge lost its check is not reported; redoing a merge that applied sets the same values.
        alone.addAll(merges);
      }
    }
    alone.sort(null);
    for (int i : alone) {
      try {
        results[i] = insertOne(batch.get(i));
      } catch (RuntimeException failure) {
        results[i] = failure;
      }
    }
    return Arrays.asList(results);
  }

  private static UpdateOneModel<Document> mergeModel(Document stored, Map<String, Object> update, double now) {
    UpdatePlan plan = UpdateHooks.plan(interfacesOf(stored), sanitize(update));
    Document set = new Document(plan.set());
    set.put("time_updated", now);
    Bson filter = Filters.eq("_id", stored.getObjectId("_id"));
    if (plan.rewritesInterfaces()) {
      Object seen = stored.get("time_updated");
      filter = Filters.and(filter, seen == null ? Filters.exists("time_updated", false) : Filters.eq("time_updated", seen));
    }
    return new UpdateOneModel<>(filter, new Document("$set", set));
  }

  /**
   * Applies an update to an existing device with the merge rules of {@link UpdateHooks} and refreshes
   * {@code time_updated}. Returns the hex {@code _id}.
   */
  public String updateOne(String mercuryId, Map<String, Object> update) {
    for (int attempt = 0; attempt < MAX_MERGE_ATTEMPTS; attempt++) {
      Document stored =
          devices
              .find(Filters.eq("mercury_id", mercuryId))
              .projection(Projections.include("_id", "interfaces", "time_updated"))
              .first();
      if (stored == null) {
        throw new EndpointException("Attempting to update non-existing record: " + mercuryId);
      }
      UpdateOneModel<Document> merge = mergeModel(stored, update, now());
      UpdateResult result = devices.updateOne(merge.getFilter(), merge.getUpdate());
      if (result.getMatchedCount() == 1) {
        return stored.getObjectId("_id").toHexString();
      }
    }
    throw new EndpointException("Device " + mercuryId + " kept changing during the update; retry");
  }

  @SuppressWarnings("unchecked")
  private static List<Object> interfacesOf(Document stored) {
    return stored.get("interfaces") instanceof List<?> l ? (List<Object>) l : null;
  }

  /** The device with this id, with the projection applied, or null. */
  public Document getOne(String mercuryId, Map<String, Object> projection) {
    FindIterable<Document> found = devices.find(Filters.eq("mercury_id", mercuryId));
    Map<String, Object> checked = QueryGuard.projection(projection);
    if (checked != null && !checked.isEmpty()) {
      found = found.projection(new Document(checked));
    }
    return found.first();
  }

  /** One page of a query; see {@link QueryPage}. */
  public QueryPage query(
      Map<String, Object> query,
      Map<String, Object> projection,
      long limit,
      String sort,
      int direction,
      Object offsetId) {
    if (limit < 0) {
      throw new EndpointException("limit must not be negative");
    }
    if (limit > maxQueryResults) {
      throw new EndpointException(
          "limit " + limit + " exceeds inventory.max_query_results (" + maxQueryResults + "); page with offset_id");
    }
    if (direction != 1 && direction != -1) {
      throw new EndpointException("sort_direction must be 1 or -1");
    }
    if (sort == null || sort.isEmpty() || sort.startsWith("$")) {
      throw new EndpointException("sort must be a field name");
    }
    Document filter = new Document(QueryGuard.query(query));
    long total = devices.countDocuments(filter);
    if (limit == 0 && total > maxQueryResults) {
      throw new EndpointException(
          "query matches "
              + total
              + " devices, more than inventory.max_query_results ("
              + maxQueryResults
              + "); give a limit and page with offset_id");
    }
    Bson pageFilter = filter;
    if (offsetId != null) {
      Object offset = "_id".equals(sort) && offsetId instanceof String s && ObjectId.isValid(s) ? new ObjectId(s) : offsetId;
      Bson after = direction > 0 ? Filters.gt(sort, offset) : Filters.lt(sort, offset);
      pageFilter = filter.isEmpty() ? after : Filters.and(filter, after);
    }
    FindIterable<Document> found = devices.find(pageFilter).projection(projectionForQuery(projection));
    if (!("_id".equals(sort) && direction == 1)) {
      found = found.sort(direction > 0 ? Sorts.ascending(sort) : Sorts.descending(sort));
    }
    if (limit > 0) {
      found = found.limit((int) Math.min(limit, Integer.MAX_VALUE));
    }
    List<Document> items = found.into(new ArrayList<>());
    return new QueryPage(total, limit, items, direction);
  }

  /** The original always adds {@code mercury_id} to a query's projection (docs/protocol.md, "Inventory service"). */
  private static Document projectionForQuery(Map<String, Object> projection) {
    Map<String, Object> checked = QueryGuard.projection(projection);
    Document p = checked == null ? new Document() : new Document(checked);
    if (p.isEmpty() || QueryGuard.isInclusion(checked)) {
      p.put("mercury_id", 1);
    }
    return p;
  }

  public long count(Map<String, Object> query) {
    return devices.countDocuments(new Document(QueryGuard.query(query)));
  }

  /** Deletes a device; returns how many documents were removed (0 or 1). */
  public long delete(String mercuryId) {
    return devices.deleteOne(Filters.eq("mercury_id", mercuryId)).getDeletedCount();
  }

  /** Sets {@code boot.state} / {@code boot.script} on the devices matching {@code query}. */
  public BootUpdate updateBoot(Map<String, Object> query, Map<String, Object> bootData, boolean many) {
    Document set = new Document(checkBootData(bootData));
    set.put("time_updated", now());
    Document filter = new Document(QueryGuard.query(query));
    Document update = new Document("$set", set);
    UpdateResult result = many ? devices.updateMany(filter, update) : devices.updateOne(filter, update);
    return new BootUpdate(result.getMatchedCount(), result.getModifiedCount());
  }

  private static Map<String, Object> checkBootData(Map<String, Object> bootData) {
    if (bootData.isEmpty() || !BOOT_KEYS.containsAll(bootData.keySet())) {
      throw new EndpointException("Boot data is invalid, can only contain " + List.of("boot.state", "boot.script"));
    }
    Object state = bootData.get("boot.state");
    if (bootData.containsKey("boot.state") && !BOOT_STATES.contains(state)) {
      throw new EndpointException("boot.state must be one of agent, local, rescue; got " + state);
    }
    Object script = bootData.get("boot.script");
    if (script != null && !(script instanceof String)) {
      throw new EndpointException("boot.script must be a string or null");
    }
    return bootData;
  }

  /** Values BSON cannot hold as sent: integers beyond 64 bits become doubles. */
  private static Map<String, Object> sanitize(Map<String, Object> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(k, sanitizeValue(v)));
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Object sanitizeValue(Object v) {
    return switch (v) {
      case BigInteger b -> b.doubleValue();
      case Map<?, ?> m -> sanitize((Map<String, Object>) m);
      case List<?> l -> l.stream().map(DeviceStore::sanitizeValue).toList();
      case null, default -> v;
    };
  }
}
