package io.mercury.rpc.model;

/** ZeroMQ TCP addresses of agents and backends, with IPv6 hosts in brackets (the original forgot them). */
public final class ZmqAddress {
  private ZmqAddress() {}

  public static String tcp(String host, long port) {
    String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return "tcp://" + h + ":" + port;
  }
}
