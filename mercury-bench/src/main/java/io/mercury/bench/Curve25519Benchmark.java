package io.mercury.bench;

import com.neilalexander.jnacl.crypto.curve25519xsalsa20poly1305;
import io.mercury.nacl.X25519;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigInteger;
import java.net.URLClassLoader;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import java.util.function.IntSupplier;
import javax.crypto.KeyAgreement;

/**
 * {@code java -cp ... io.mercury.bench.Curve25519Benchmark [--batches N] [--per-batch M]}: the CPU time
 * of one Curve25519 scalar multiplication (the operation a CURVE handshake does about five times on each
 * side), warm, with jnacl (what JeroMQ 0.6.0 shipped with, loaded by {@link OriginalJnacl}), with the
 * JDK's {@code X25519} key agreement (init, doPhase and generateSecret with ready-made key objects) and
 * with mercury-nacl's {@link X25519} (the same, plus making the key objects from bytes at each call: what
 * Mercury's CURVE now uses). Prints the median, 10th and 90th percentile of the per-operation thread CPU
 * time over N batches of M operations, after a warm-up; and, for comparison, the cost of boxing one
 * 128-byte message on a connection already set up, with each.
 */
public final class Curve25519Benchmark {
  private Curve25519Benchmark() {}

  public static void main(String[] args) throws Throwable {
    int batches = 300;
    int perBatch = 20;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--batches" -> batches = Integer.parseInt(args[++i]);
        case "--per-batch" -> perBatch = Integer.parseInt(args[++i]);
        default -> {
          System.err.println("unknown option " + args[i]);
          System.exit(2);
        }
      }
    }
    try (URLClassLoader loader = OriginalJnacl.alone()) {
      run(loader, batches, perBatch);
    }
  }

  private static void run(ClassLoader jnaclLoader, int batches, int perBatch) throws Throwable {
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    MethodType three = MethodType.methodType(int.class, byte[].class, byte[].class, byte[].class);
    Class<?> curve25519 = Class.forName("com.neilalexander.jnacl.crypto.curve25519", true, jnaclLoader);
    Class<?> box = Class.forName(curve25519xsalsa20poly1305.class.getName(), true, jnaclLoader);
    MethodHandle scalarMult = lookup.findStatic(curve25519, "crypto_scalarmult", three);
    MethodHandle scalarMultBase =
        lookup.findStatic(curve25519, "crypto_scalarmult_base", MethodType.methodType(int.class, byte[].class, byte[].class));
    MethodHandle beforenm = lookup.findStatic(box, "crypto_box_beforenm", three);
    MethodHandle afternm =
        lookup.findStatic(
            box,
            "crypto_box_afternm",
            MethodType.methodType(int.class, byte[].class, byte[].class, long.class, byte[].class, byte[].class));

    SecureRandom random = new SecureRandom();
    byte[] scalar = new byte[32];
    byte[] point = new byte[32];
    random.nextBytes(scalar);
    if ((int) scalarMultBase.invokeExact(point, randomBytes(random, 32)) != 0) {
      throw new IllegalStateException("jnacl's crypto_scalarmult_base failed");
    }
    byte[] out = new byte[32];
    IntSupplier jnacl = () -> invoke(() -> (int) scalarMult.invokeExact(out, scalar, point));
    byte[] oursOut = new byte[32];
    IntSupplier ours = () -> X25519.scalarMult(oursOut, scalar, point) ? 0 : 1;

    KeyFactory factory = KeyFactory.getInstance("X25519");
    PrivateKey privateKey = factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar));
    byte[] littleEndian = point.clone();
    reverse(littleEndian);
    PublicKey publicKey =
        factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, littleEndian)));
    KeyAgreement agreement = KeyAgreement.getInstance("X25519");
    IntSupplier jdk =
        () -> {
          try {
            agreement.init(privateKey);
            agreement.doPhase(publicKey, true);
            return agreement.generateSecret()[0];
          } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
          }
        };
    agreement.init(privateKey);
    agreement.doPhase(publicKey, true);
    byte[] jdkSecret = agreement.generateSecret();
    if (jnacl.getAsInt() != 0 || ours.getAsInt() != 0) {
      throw new IllegalStateException("jnacl's or mercury-nacl's scalar multiplication failed");
    }
    if (!Arrays.equals(jdkSecret, out) || !Arrays.equals(oursOut, out)) {
      throw new IllegalStateException("jnacl, the JDK and mercury-nacl disagree on the shared secret");
    }
    System.out.printf("Curve25519 scalar multiplication, thread CPU time per operation (%d batches of %d, warm)%n", batches, perBatch);
    report("jnacl (JeroMQ)", measure(jnacl, batches, perBatch));
    report("JDK X25519", measure(jdk, batches, perBatch));
    report("mercury-nacl", measure(ours, batches, perBatch));
    // What a CURVE message costs once the connection is up: one box of a ping-sized message.
    byte[] key = new byte[32];
    if ((int) beforenm.invokeExact(key, point, scalar) != 0) {
      throw new IllegalStateException("jnacl's crypto_box_beforenm failed");
    }
    byte[] nonce = randomBytes(random, 24);
    byte[] plain = new byte[32 + 128]; // ZEROBYTES of padding, then the message
    byte[] boxed = new byte[plain.length];
    IntSupplier jnaclBox = () -> invoke(() -> (int) afternm.invokeExact(boxed, plain, (long) plain.length, nonce, key));
    IntSupplier oursBox = () -> curve25519xsalsa20poly1305.crypto_box_afternm(boxed, plain, plain.length, nonce, key);
    System.out.println("per message on an open CURVE connection, box of 128 bytes:");
    report("jnacl", measure(jnaclBox, batches, perBatch));
    report("mercury-nacl", measure(oursBox, batches, perBatch));
  }

  /** A call that cannot throw a checked exception, for a method handle's invokeExact. */
  private interface Call {
    int call() throws Throwable;
  }

  private static int invoke(Call call) {
    try {
      return call.call();
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  private static double[] measure(IntSupplier op, int batches, int perBatch) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long sink = 0;
    for (int i = 0; i < 3000; i++) {
      sink += op.getAsInt();
    }
    double[] perOp = new double[batches];
    for (int b = 0; b < batches; b++) {
      long t0 = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < perBatch; i++) {
        sink += op.getAsInt();
      }
      perOp[b] = (threads.getCurrentThreadCpuTime() - t0) / 1000.0 / perBatch;
    }
    if (sink == 42) {
      System.out.print(""); // keeps the results alive
    }
    Arrays.sort(perOp);
    return perOp;
  }

  private static void report(String name, double[] sortedMicros) {
    int n = sortedMicros.length;
    System.out.printf(
        "  %-16s median %8.1f us   p10 %8.1f us   p90 %8.1f us%n",
        name, sortedMicros[n / 2], sortedMicros[n / 10], sortedMicros[n * 9 / 10]);
  }

  private static byte[] randomBytes(SecureRandom random, int length) {
    byte[] b = new byte[length];
    random.nextBytes(b);
    return b;
  }

  private static void reverse(byte[] b) {
    for (int i = 0, j = b.length - 1; i < j; i++, j--) {
      byte t = b[i];
      b[i] = b[j];
      b[j] = t;
    }
  }
}
