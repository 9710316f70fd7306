package io.mercury.inspector.document;

/** One top-level key's value of the device document, as a collector produces it. */
public sealed interface Section
    permits AgentInfo, Cpus, Dmi, Interfaces, MemInfo, Disks, PciDevices, Routes, Bmc, SystemHealth, RaidAdapters {}
