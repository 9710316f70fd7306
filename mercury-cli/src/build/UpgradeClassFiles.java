import java.io.IOException;
import java.io.OutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Build-time tool (JDK 24+, run as {@code java UpgradeClassFiles.java IN.jar OUT.jar}): copies a jar,
 * rewriting every class file older than Java 8 (version 52) as a version-52 class file with stack map
 * frames; the code is the same. Why: the JVM never puts class files older than version 50 in a CDS or
 * AOT archive ("Old class has been linked"), and picocli ships Java 5 class files, so without this
 * every mcli call loads and verifies picocli's classes from the jar. Other entries are copied as they
 * are; jar signatures are dropped (they would no longer match).
 */
public final class UpgradeClassFiles {
  private static final int JAVA_8 = ClassFile.JAVA_8_VERSION;

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: java UpgradeClassFiles.java IN.jar OUT.jar");
      System.exit(2);
    }
    Path in = Path.of(args[0]);
    Path out = Path.of(args[1]);
    try (URLClassLoader jarClasses = new URLClassLoader(new URL[] {in.toUri().toURL()}, null);
        JarFile jar = new JarFile(in.toFile());
        OutputStream file = Files.newOutputStream(out);
        JarOutputStream copy = new JarOutputStream(file)) {
      ClassFile classFiles =
          ClassFile.of(
              ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
              ClassFile.ClassHierarchyResolverOption.of(
                  ClassHierarchyResolver.defaultResolver()
                      .orElse(ClassHierarchyResolver.ofResourceParsing(jarClasses))));
      int upgraded = 0;
      for (JarEntry entry : Collections.list(jar.entries())) {
        String name = entry.getName();
        if (isSignature(name)) {
          continue;
        }
        byte[] bytes = jar.getInputStream(entry).readAllBytes();
        if (name.endsWith(".class") && !name.startsWith("META-INF/") && !name.endsWith("module-info.class")) {
          ClassModel model = classFiles.parse(bytes);
          if (model.majorVersion() < JAVA_8) {
            bytes = classFiles.transformClass(model, upgrade());
            upgraded++;
          }
        }
        copy.putNextEntry(new JarEntry(name));
        copy.write(bytes);
        copy.closeEntry();
      }
      System.out.println(upgraded + " class files upgraded to version " + JAVA_8);
    }
  }

  /** Rebuilds each method's code (so stack maps are computed) and sets the version. */
  private static ClassTransform upgrade() {
    ClassTransform version =
        (builder, element) -> {
          if (element instanceof ClassFileVersion) {
            builder.withVersion(JAVA_8, 0);
          } else {
            builder.with(element);
          }
        };
    return ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL).andThen(version);
  }

  private static boolean isSignature(String name) {
    return name.startsWith("META-INF/")
        && (name.endsWith(".SF") || name.endsWith(".RSA") || name.endsWith(".DSA") || name.endsWith(".EC"));
  }
}
