package io.mercury.inspector.document;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code raid} entries of the device document, for {@link DeviceDocumentCodec}. Drive and controller
 * {@code extra}/{@code vendor_info} keys are written in a fixed order ({@code port, box, bay} as the
 * original's reference; {@code box, bay, model} for MegaRAID; {@code slot, embedded}); before records,
 * they came from {@code Map.of}, whose iteration order changed from one JVM run to the next.
 */
final class RaidCodec {
  private RaidCodec() {}

  static Object adapter(RaidAdapter a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", a.name());
    m.put("provider", a.provider());
    m.put("vendor_info", vendorInfo(a.vendorInfo()));
    Map<String, Object> configuration = new LinkedHashMap<>();
    configuration.put("arrays", DeviceDocumentCodec.list(a.configuration().arrays(), RaidCodec::array));
    configuration.put("spares", DeviceDocumentCodec.list(a.configuration().spares(), RaidCodec::physical));
    configuration.put("unassigned", DeviceDocumentCodec.list(a.configuration().unassigned(), RaidCodec::physical));
    m.put("configuration", configuration);
    m.put("total_size", a.totalSize());
    m.put("total_drives", a.totalDrives());
    m.put("adapter_handler", a.adapterHandler());
    return m;
  }

  private static Object vendorInfo(RaidAdapter.VendorInfo info) {
    Map<String, Object> m = new LinkedHashMap<>();
    switch (info) {
      case RaidAdapter.MegaraidInfo mega -> {
        m.put("serial_number", mega.serialNumber());
        m.put("firmware", mega.firmware());
        m.put("controller", mega.controller());
      }
      case RaidAdapter.SmartArrayInfo hp -> {
        m.put("slot", hp.slot());
        m.put("embedded", hp.embedded());
      }
    }
    return m;
  }

  private static Object array(RaidAdapter.RaidArray a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("free_space", a.freeSpace());
    Map<String, Object> extra = new LinkedHashMap<>();
    if (a.letter() != null) {
      extra.put("letter", a.letter());
    }
    m.put("extra", extra);
    m.put("logical_drives", DeviceDocumentCodec.list(a.logicalDrives(), RaidCodec::logical));
    m.put("physical_drives", DeviceDocumentCodec.list(a.physicalDrives(), RaidCodec::physical));
    return m;
  }

  private static Object logical(RaidAdapter.LogicalDrive d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", d.status());
    m.put("size", d.size());
    m.put("level", d.level());
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("id", d.id());
    m.put("extra", extra);
    return m;
  }

  private static Object physical(RaidAdapter.PhysicalDrive d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("index", d.index());
    m.put("size", d.size());
    m.put("status", d.status());
    m.put("type", d.type());
    Map<String, Object> extra = new LinkedHashMap<>();
    switch (d.location()) {
      case RaidAdapter.EnclosureSlot e -> {
        extra.put("box", e.box());
        extra.put("bay", e.bay());
        extra.put("model", e.model());
      }
      case RaidAdapter.SmartArrayBay b -> {
        extra.put("port", b.port());
        extra.put("box", b.box());
        extra.put("bay", b.bay());
      }
    }
    m.put("extra", extra);
    return m;
  }
}
