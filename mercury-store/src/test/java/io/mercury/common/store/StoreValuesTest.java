package io.mercury.common.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mercury.common.codec.MsgPack;
import java.util.List;
import java.util.Map;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

class StoreValuesTest {
  @Test
  void objectIdsTravelAsTheOriginalSendsThem() throws Exception {
    ObjectId id = new ObjectId("5a1b2c3d4e5f601234567890");
    Map<String, Object> device = Map.of("_id", id, "ids", List.of(id));

    byte[] bytes = MsgPack.encode(device, StoreValues::plain);

    assertThat(bytes)
        .isEqualTo(MsgPack.encode(Map.of("_id", id.toHexString(), "ids", List.of(id.toHexString()))));
    assertThat(MsgPack.decode(MsgPack.encode(id, StoreValues::plain))).isEqualTo("5a1b2c3d4e5f601234567890");
  }

  @Test
  void otherUnknownTypesAndObjectIdsWithoutTheStoreAreRefused() {
    assertThatThrownBy(() -> MsgPack.encode(new Object(), StoreValues::plain))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("java.lang.Object");
    assertThatThrownBy(() -> MsgPack.encode(new ObjectId()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ObjectId");
  }
}
