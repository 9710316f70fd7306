/**
 * The device document as records, one per part the collectors find (CPU package, NIC with its LLDP
 * neighbour, disk, RAID adapter, ...), and {@link io.mercury.inspector.document.DeviceDocumentCodec}, the
 * one place that turns them into the document map with the original inspector's field names, value types
 * and key order (docs/protocol.md, "Device document").
 */
package io.mercury.inspector.document;
