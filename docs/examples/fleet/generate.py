#!/usr/bin/env python3
"""Writes the sample fleet: synthetic device documents in the original agent's shape (docs/protocol.md, "Device document").

Run from this directory: ./generate.py. The output is committed; the local stack loads it into an
empty inventory until real agents register. mercury_id follows the original algorithm (docs/protocol.md, "mercury_id"):
"01" + sha1(product_uuid) when DMI has a UUID, else "00" + sha1(concatenated MACs).
"""
import hashlib
import json
import random

GIB = 1 << 30
rng = random.Random(20261122)

MODELS = [
    # vendor, product, bios vendor, cpu model, cores, sockets, mem GiB, nic driver, nic model, raid
    ("Dell Inc.", "PowerEdge R640", "Dell Inc.", "Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz", 20, 2, 384, "i40e", "Ethernet Controller X710 for 10GbE SFP+", "megaraid_sas"),
    ("Dell Inc.", "PowerEdge R740xd", "Dell Inc.", "Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz", 20, 2, 768, "mlx5_core", "MT27800 Family [ConnectX-5]", "megaraid_sas"),
    ("HPE", "ProLiant DL360 Gen10", "HPE", "Intel(R) Xeon(R) Silver 4214 CPU @ 2.20GHz", 12, 2, 256, "i40e", "Ethernet Controller X710 for 10GbE SFP+", "hpssa"),
    ("HPE", "ProLiant DL380 Gen10", "HPE", "Intel(R) Xeon(R) Gold 6252 CPU @ 2.10GHz", 24, 2, 512, "mlx5_core", "MT27800 Family [ConnectX-5]", "hpssa"),
    ("Supermicro", "SYS-1029P-WTR", "American Megatrends Inc.", "Intel(R) Xeon(R) Silver 4210 CPU @ 2.20GHz", 10, 2, 192, "ixgbe", "Ethernet Controller 10-Gigabit X540-AT2", None),
    ("Lenovo", "ThinkSystem SR650", "Lenovo", "Intel(R) Xeon(R) Gold 5218 CPU @ 2.30GHz", 16, 2, 384, "i40e", "Ethernet Controller X710 for 10GbE SFP+", "megaraid_sas"),
]
PLAN = [0, 0, 0, 1, 1, 2, 2, 2, 3, 3, 4, 4, 5]  # 13 servers, then one VM


def sha1(text):
    return hashlib.sha1(text.encode("ascii")).hexdigest()


def mac(oui, n):
    return "%s:%02x:%02x:%02x" % (oui, (n >> 16) & 0xFF, (n >> 8) & 0xFF, n & 0xFF)


def cpus(model, cores, sockets, flags_extra):
    flags = "fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ss ht syscall nx pdpe1gb rdtscp lm constant_tsc nonstop_tsc aperfmperf pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt aes xsave avx f16c rdrand lahf_lm abm 3dnowprefetch avx2 smep bmi2 erms invpcid".split() + flags_extra
    base = float(model.split("@ ")[1].replace("GHz", "")) * 1000 if "@" in model else 2400.0
    return [{
        "physical_id": s, "cores": cores, "threads": cores * 2, "model_name": model,
        "cache_size": "%d KB" % (cores * 1408), "cache_alignment": 64, "flags": flags,
        "frequency": {"model_name": model, "bogomips": round(base * 2, 2), "cpufreq_enabled": True,
                      "current": base, "min": 1000.0, "max": base + 1400.0},
    } for s in range(sockets)]


def meminfo(gib):
    total = gib * GIB - 3 * GIB
    free = int(total * rng.uniform(0.6, 0.95)) // 1024 * 1024
    return {"MemTotal": total, "MemFree": free, "MemAvailable": free + 512 * 1024 * 1024,
            "Buffers": 180 * 1024 * 1024, "Cached": 2 * GIB, "SwapTotal": 0, "SwapFree": 0,
            "HugePages_Total": "0", "HugePages_Free": "0", "Hugepagesize": 2048 * 1024}


def interfaces(n, driver, model, oui, base_mac, vendor, ip_last):
    out = []
    for i in range(n):
        onboard = i < 2
        address = mac(oui, base_mac + i)
        entry = {
            "devname": "eno%d" % (i + 1) if onboard else "ens2f%d" % (i - 2),
            "address": address, "carrier": i < 2 or i == 2, "dev_port": str(i % 2),
            "duplex": "full", "speed": "10000" if i < 2 else "25000",
            "predictable_names": {
                "biosdevname": ("em%d" % (i + 1)) if onboard and vendor == "Dell Inc." else None,
                "systemd_udev": "enp%ds0f%d" % (24 + i // 2, i % 2), "systemd_onboard": ("eno%d" % (i + 1)) if onboard else None,
                "systemd_mac": "enx" + address.replace(":", ""), "systemd_slot": None if onboard else "ens2f%d" % (i - 2)},
            "pci_slot": "0000:%02x:00.%d" % (24 + i // 2, i % 2), "model_name": model,
            "vendor_name": "Intel Corporation" if driver != "mlx5_core" else "Mellanox Technologies",
            "pci_class": "0x020000", "pci_id": "8086:1572" if driver == "i40e" else "15b3:1017",
            "pci_subsystem_id": "1028:1f9c", "driver": driver,
            "address_info": [{"addr": "10.20.%d.%d" % (i, ip_last), "netmask": "255.255.255.0", "broadcast": "10.20.%d.255" % i}] if i == 0 else [],
            "ipv4_gateways": [{"gateway_ip": "10.20.0.1", "interface": "eno1", "default": True}] if i == 0 else None,
            "address_info_v6": [], "ipv6_gateways": None,
        }
        out.append(entry)
    return out


def storage(vendor, raid):
    disks = []
    if raid:
        disks.append({"devname": "sda", "media_type": "disk", "size": 1_199_638_052_864, "model": "PERC H740P Mini" if raid == "megaraid_sas" else "LOGICAL VOLUME",
                      "sector_size": 512, "udev": {"ID_BUS": "scsi", "ID_SERIAL": "6%031x" % rng.getrandbits(124)}})
    for d in range(rng.randint(1, 2)):
        disks.append({"devname": "nvme%dn1" % d, "media_type": "ssd", "size": 1_600_321_314_816, "model": "Dell Express Flash PM1725b 1.6TB SFF" if vendor == "Dell Inc." else "SAMSUNG MZWLL1T6HAJQ-00005",
                      "sector_size": 512, "udev": {"ID_BUS": "nvme", "ID_SERIAL": "S%dNE0M%06d" % (d, rng.randint(0, 999999))}})
    return disks


def raid_info(raid, disks_n):
    if not raid:
        return None
    drives = [{"index": i, "size": 1_200_243_695_616, "status": "OK", "type": "SAS HDD", "extra": {"port": "1I", "box": 1, "bay": i + 1}} for i in range(disks_n)]
    return [{"name": "PERC H740P Mini" if raid == "megaraid_sas" else "Smart Array P408i-a SR Gen10",
             "provider": "megaraid" if raid == "megaraid_sas" else "hpssa", "adapter_handler": raid,
             "vendor_info": {"firmware": "51.13.0-3485" if raid == "megaraid_sas" else "2.65"},
             "configuration": {"arrays": [{"free_space": 0, "extra": {"letter": "A"},
                                           "logical_drives": [{"status": "OK", "size": 1_199_638_052_864, "level": "1", "extra": {"id": 0, "progress": None}}],
                                           "physical_drives": drives}],
                               "spares": [], "unassigned": []},
             "total_size": 1_200_243_695_616 * disks_n, "total_drives": disks_n}]


def pci_list(driver, model):
    return [
        {"slot": "0000:00:00.0", "class_name": "Host bridge", "class_id": "0600", "vendor_name": "Intel Corporation", "vendor_id": "8086", "device_name": "Sky Lake-E DMI3 Registers", "device_id": "2020", "revision": "07"},
        {"slot": "0000:00:17.0", "class_name": "SATA controller", "class_id": "0106", "vendor_name": "Intel Corporation", "vendor_id": "8086", "device_name": "C620 Series Chipset Family SATA Controller [AHCI mode]", "device_id": "a182", "revision": "09", "driver": "ahci"},
        {"slot": "0000:18:00.0", "class_name": "Ethernet controller", "class_id": "0200", "vendor_name": "Intel Corporation" if driver != "mlx5_core" else "Mellanox Technologies", "vendor_id": "8086" if driver != "mlx5_core" else "15b3", "device_name": model, "device_id": "1572" if driver == "i40e" else "1017", "revision": "02", "driver": driver},
        {"slot": "0000:03:00.0", "class_name": "VGA compatible controller", "class_id": "0300", "vendor_name": "Matrox Electronics Systems Ltd.", "vendor_id": "102b", "device_name": "Integrated Matrox G200eW3 Graphics Controller", "device_id": "0536", "revision": "04"},
    ]


def server(n, idx):
    vendor, product, bios, cpu, cores, sockets, mem, driver, nicmodel, raid = MODELS[idx]
    uuid = "4c4c4544-00%02x-3510-8052-%012x" % (n, 0xb4c04f4d3332 + n)
    serial = ("%07X" % rng.getrandbits(28))[:7] if vendor == "Dell Inc." else "CZJ%07d" % rng.randint(0, 9999999)
    dmi = {
        "bios_date": "0%d/1%d/2023" % (rng.randint(1, 9), rng.randint(0, 9)), "bios_vendor": bios,
        "bios_version": "2.%d.%d" % (rng.randint(10, 19), rng.randint(0, 9)),
        "board_asset_tag": "", "board_name": "0H28RR" if vendor == "Dell Inc." else product, "board_serial": ".%s.CNFCP00%d." % (serial, n),
        "board_vendor": vendor, "board_version": "A00", "chassis_asset_tag": "DC1-R%02d-U%02d" % (n // 4 + 1, (n % 4) * 2 + 10),
        "chassis_serial": serial, "chassis_type": "23", "chassis_vendor": vendor, "chassis_version": "",
        "product_name": product, "product_serial": serial, "product_uuid": uuid, "product_version": "",
        "sys_vendor": vendor,
    }
    disks = storage(vendor, raid)
    doc = {
        "mercury_id": "01" + sha1(uuid),
        "agent_info": {"agent_version": "0.1.0", "mercury_version": "0.1.0", "hostname": "dc1-node%02d" % (n + 1)},
        "cpu": cpus(cpu, cores, sockets, ["avx512f", "avx512dq"] if "Gold" in cpu else []),
        "dmi": dmi,
        "interfaces": interfaces(4, driver, nicmodel, "24:6e:96" if vendor == "Dell Inc." else "94:40:c9", 0x100000 + n * 16, vendor, 10 + n),
        "mem": meminfo(mem),
        "os_storage": disks,
        "pci": pci_list(driver, nicmodel),
        "routes": [{"destination": "default", "via": "10.20.0.1", "dev": "eno1", "proto": "dhcp", "metric": "100"},
                   {"destination": "10.20.0.0/24", "dev": "eno1", "proto": "kernel", "scope": "link", "src": "10.20.0.%d" % (10 + n)}],
        "bmc": {"network": {"source": "dhcp", "ip_address": "10.30.0.%d" % (10 + n), "netmask": "255.255.255.0",
                            "mac_address": mac("d0:94:66", 0x200000 + n), "gateway": "10.30.0.1"},
                "system": {"device_id": "32", "firmware_revision": "4.40", "ipmi_version": "2.0",
                           "manufacturer_name": "DELL Inc" if vendor == "Dell Inc." else vendor,
                           "additional_device_support": ["Sensor Device", "SDR Repository Device", "SEL Device", "FRU Inventory Device"]}},
        "raid": raid_info(raid, 2),
        "system_health": {"corrected_hardware_event_count": rng.choice([0, 0, 0, 2]), "system_uptime": "2026-11-%02d 06:%02d:11" % (rng.randint(1, 21), rng.randint(0, 59)),
                          "has_errors": False, "errors": []},
    }
    return doc


def vm():
    macs = ["52:54:00:6b:3c:01"]
    return {
        "mercury_id": "00" + sha1("".join(macs)),
        "agent_info": {"agent_version": "0.1.0", "mercury_version": "0.1.0", "hostname": "lab-vm01"},
        "cpu": [{"physical_id": 0, "cores": 4, "threads": 4, "model_name": "QEMU Virtual CPU version 2.5+", "cache_size": "16384 KB",
                 "cache_alignment": 64, "flags": ["fpu", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic", "sse", "sse2", "hypervisor"],
                 "frequency": {"model_name": "QEMU Virtual CPU version 2.5+", "bogomips": 5999.99, "cpufreq_enabled": False, "current": 2999.99, "min": 2999.99, "max": 2999.99}}],
        "dmi": None,
        "interfaces": [{"devname": "ens3", "address": macs[0], "carrier": True, "dev_port": "0", "duplex": "unknown", "speed": "-1",
                        "predictable_names": {"biosdevname": None, "systemd_udev": "enp0s3", "systemd_onboard": None, "systemd_mac": "enx5254006b3c01", "systemd_slot": "ens3"},
                        "pci_slot": "0000:00:03.0", "model_name": "Virtio network device", "vendor_name": "Red Hat, Inc.", "pci_class": "0x020000",
                        "pci_id": "1af4:1000", "pci_subsystem_id": "1af4:0001", "driver": "virtio_net",
                        "address_info": [{"addr": "192.0.2.50", "netmask": "255.255.255.0", "broadcast": "192.0.2.255"}],
                        "ipv4_gateways": [{"gateway_ip": "192.0.2.1", "interface": "ens3", "default": True}], "address_info_v6": [], "ipv6_gateways": None}],
        "mem": meminfo(8),
        "os_storage": [{"devname": "vda", "media_type": "disk", "size": 53_687_091_200, "model": None, "sector_size": 512, "udev": {"ID_BUS": "virtio"}}],
        "pci": [{"slot": "0000:00:03.0", "class_name": "Ethernet controller", "class_id": "0200", "vendor_name": "Red Hat, Inc.", "vendor_id": "1af4",
                 "device_name": "Virtio network device", "device_id": "1000", "driver": "virtio-pci"}],
        "routes": [{"destination": "default", "via": "192.0.2.1", "dev": "ens3", "proto": "dhcp", "metric": "100"}],
        "bmc": None, "raid": None,
        "system_health": {"corrected_hardware_event_count": 0, "system_uptime": "2026-11-20 08:00:01", "has_errors": False, "errors": []},
    }


if __name__ == "__main__":
    for n, idx in enumerate(PLAN):
        doc = server(n, idx)
        name = "%02d-%s.json" % (n + 1, doc["dmi"]["product_name"].lower().replace(" ", "-"))
        with open(name, "w") as f:
            json.dump(doc, f, indent=1)
            f.write("\n")
    with open("%02d-qemu-vm.json" % (len(PLAN) + 1), "w") as f:
        json.dump(vm(), f, indent=1)
        f.write("\n")
