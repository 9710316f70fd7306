package io.mercury.inventory.store;

import com.mongodb.client.MongoCollection;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import org.bson.Document;

/** A collection that runs {@code race} once just before its first {@code insertMany}. */
final class RacingCollection {
  private final MongoCollection<Document> target;
  private final Runnable race;
  private boolean raced;

  RacingCollection(MongoCollection<Document> target, Runnable race) {
    this.target = target;
    this.race = race;
  }

  @SuppressWarnings("unchecked")
  MongoCollection<Document> proxy() {
    return (MongoCollection<Document>)
        Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {MongoCollection.class},
            (p, method, args) -> {
              if (method.getName().equals("insertMany") && !raced) {
                raced = true;
                race.run();
              }
              try {
                return method.invoke(target, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
