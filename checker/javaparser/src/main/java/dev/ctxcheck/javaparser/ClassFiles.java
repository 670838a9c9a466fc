package dev.ctxcheck.javaparser;

import dev.ctxcheck.engine.build.AnnotationVocabulary;
import dev.ctxcheck.engine.build.RawAnnotation;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javassist.bytecode.AccessFlag;
import javassist.bytecode.AnnotationsAttribute;
import javassist.bytecode.ClassFile;
import javassist.bytecode.Descriptor;
import javassist.bytecode.ExceptionsAttribute;
import javassist.bytecode.FieldInfo;
import javassist.bytecode.InnerClassesAttribute;
import javassist.bytecode.MethodInfo;
import javassist.bytecode.ParameterAnnotationsAttribute;
import javassist.bytecode.SignatureAttribute;
import javassist.bytecode.annotation.Annotation;
import javassist.bytecode.annotation.ArrayMemberValue;
import javassist.bytecode.annotation.BooleanMemberValue;
import javassist.bytecode.annotation.EnumMemberValue;
import javassist.bytecode.annotation.IntegerMemberValue;
import javassist.bytecode.annotation.LongMemberValue;
import javassist.bytecode.annotation.MemberValue;
import javassist.bytecode.annotation.StringMemberValue;

/**
 * Types outside the program, read from class files: the class path entries given (jars and
 * directories, the annotations and percpu artifacts among them) and the JDK's modules. ctxcheck's
 * annotations have CLASS retention, which reflection cannot see; Javassist reads them from the
 * {@code RuntimeInvisible*Annotations} attributes. Each type is read once.
 */
final class ClassFiles implements AutoCloseable {

  private final List<ZipFile> jars = new ArrayList<>();
  private final List<Path> directories = new ArrayList<>();
  private final FileSystem jrt;
  /** JDK package name ({@code java/lang}) to the module folders that hold it. */
  private final Map<String, List<Path>> jdkPackages = new HashMap<>();
  private final Map<String, Optional<TypeInfo>> cache = new ConcurrentHashMap<>();

  ClassFiles(List<Path> classpath) throws IOException {
    for (Path p : classpath) {
      if (Files.isDirectory(p)) {
        directories.add(p);
      } else if (Files.isRegularFile(p)) {
        jars.add(new ZipFile(p.toFile()));
      }
    }
    jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
    Path packages = jrt.getPath("/packages");
    try (Stream<Path> list = Files.list(packages)) {
      for (Path pkg : (Iterable<Path>) list::iterator) {
        String name = pkg.getFileName().toString().replace('.', '/');
        List<Path> modules = new ArrayList<>();
        try (Stream<Path> mods = Files.list(pkg)) {
          mods.forEach(m -> modules.add(jrt.getPath("/modules", m.getFileName().toString())));
        }
        jdkPackages.put(name, modules);
      }
    }
  }

  /** The type with this binary name, or null if no class file has it. */
  TypeInfo find(String binaryName) {
    return cache.computeIfAbsent(binaryName, n -> Optional.ofNullable(read(n))).orElse(null);
  }

  boolean exists(String binaryName) {
    return find(binaryName) != null;
  }

  private TypeInfo read(String binaryName) {
    byte[] bytes = bytes(binaryName.replace('.', '/') + ".class");
    if (bytes == null) {
      return null;
    }
    try {
      return describe(new ClassFile(new DataInputStream(new ByteArrayInputStream(bytes))));
    } catch (IOException | RuntimeException e) {
      return null; // an unreadable class file is an unknown type
    }
  }

  private byte[] bytes(String resource) {
    try {
      for (ZipFile jar : jars) {
        ZipEntry e = jar.getEntry(resource);
        if (e != null) {
          try (InputStream in = jar.getInputStream(e)) {
            return in.readAllBytes();
          }
        }
      }
      for (Path dir : directories) {
        Path f = dir.resolve(resource);
        if (Files.isRegularFile(f)) {
          return Files.readAllBytes(f);
        }
      }
      int slash = resource.lastIndexOf('/');
      List<Path> modules = slash < 0 ? null : jdkPackages.get(resource.substring(0, slash));
      if (modules != null) {
        for (Path m : modules) {
          Path f = m.resolve(resource);
          if (Files.isRegularFile(f)) {
            return Files.readAllBytes(f);
          }
        }
      }
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static TypeInfo describe(ClassFile cf) {
    String id = cf.getName();
    boolean isInterface = cf.isInterface();
    String superclass = isInterface || id.equals("java.lang.Object") ? null : cf.getSuperclass();
    List<String> interfaces = List.of(cf.getInterfaces());
    List<dev.ctxcheck.javaparser.MethodInfo> methods = new ArrayList<>();
    for (MethodInfo m : cf.getMethods()) {
      if (m.getName().equals("<clinit>") || (m.getAccessFlags() & AccessFlag.SYNTHETIC) != 0
          || (m.getAccessFlags() & AccessFlag.BRIDGE) != 0) {
        continue;
      }
      methods.add(method(id, m));
    }
    Map<String, dev.ctxcheck.javaparser.FieldInfo> fields = new LinkedHashMap<>();
    for (FieldInfo f : cf.getFields()) {
      String signature = signature(f.getAttribute(SignatureAttribute.tag));
      fields.put(f.getName(), new dev.ctxcheck.javaparser.FieldInfo(id, f.getName(),
          typeId(Descriptor.toClassName(f.getDescriptor())), (f.getAccessFlags() & AccessFlag.STATIC) != 0,
          signature != null && signature.startsWith("T")));
    }
    Map<String, String> memberTypes = new HashMap<>();
    String simpleName = id.substring(id.lastIndexOf('.') + 1);
    InnerClassesAttribute inner = (InnerClassesAttribute) cf.getAttribute(InnerClassesAttribute.tag);
    if (inner != null) {
      for (int i = 0; i < inner.tableLength(); i++) {
        String innerName = inner.innerClass(i);
        if (id.equals(inner.outerClass(i)) && inner.innerName(i) != null) {
          memberTypes.put(inner.innerName(i), innerName);
        }
        if (id.equals(innerName) && inner.innerName(i) != null) {
          simpleName = inner.innerName(i);
        }
      }
    }
    List<RawAnnotation> annotations = raw(annotations(cf.getAttribute(AnnotationsAttribute.invisibleTag),
        cf.getAttribute(AnnotationsAttribute.visibleTag)));
    return new TypeInfo(id, simpleName, isInterface, (cf.getAccessFlags() & AccessFlag.ENUM) != 0,
        "java.lang.Record".equals(cf.getSuperclass()), superclass, interfaces, annotations, methods, fields,
        memberTypes, null, generics(signature(cf.getAttribute(SignatureAttribute.tag))));
  }

  private static dev.ctxcheck.javaparser.MethodInfo method(String owner, MethodInfo m) {
    String descriptor = m.getDescriptor();
    List<String> params = new ArrayList<>();
    for (String p : parameterClassNames(descriptor)) {
      params.add(typeId(p));
    }
    String returnType = typeId(Descriptor.toClassName(returnDescriptor(descriptor)));
    String signature = signature(m.getAttribute(SignatureAttribute.tag));
    boolean returnsTypeVariable = signature != null && signature.substring(signature.lastIndexOf(')') + 1).startsWith("T");
    List<String> thrown = new ArrayList<>();
    ExceptionsAttribute exceptions = m.getExceptionsAttribute();
    if (exceptions != null && exceptions.getExceptions() != null) {
      thrown.addAll(List.of(exceptions.getExceptions()));
    }
    List<RawAnnotation> annotations = raw(annotations(m.getAttribute(AnnotationsAttribute.invisibleTag),
        m.getAttribute(AnnotationsAttribute.visibleTag)));
    List<List<RawAnnotation>> parameterAnnotations = new ArrayList<>();
    Annotation[][] byParameter = parameterAnnotations(m, params.size());
    for (int i = 0; i < params.size(); i++) {
      parameterAnnotations.add(raw(byParameter[i]));
    }
    int flags = m.getAccessFlags();
    return new dev.ctxcheck.javaparser.MethodInfo(owner, m.getName(), params, (flags & AccessFlag.VARARGS) != 0,
        (flags & AccessFlag.STATIC) != 0, (flags & AccessFlag.PRIVATE) != 0, (flags & AccessFlag.ABSTRACT) != 0,
        returnType, returnsTypeVariable, thrown, annotations, parameterAnnotations, null,
        typeVariableParameters(signature, params.size()));
  }

  /** The parameters a generic signature declares with a type variable, by index, to its name. */
  private static Map<Integer, String> typeVariableParameters(String signature, int count) {
    if (signature == null) {
      return Map.of();
    }
    try {
      SignatureAttribute.Type[] types = SignatureAttribute.toMethodSignature(signature).getParameterTypes();
      Map<Integer, String> out = new HashMap<>();
      // Signatures may leave out synthetic leading parameters: align on the last ones.
      int shift = count - types.length;
      for (int i = 0; i < types.length; i++) {
        if (types[i] instanceof SignatureAttribute.TypeVariable v) {
          out.put(i + shift, v.getName());
        }
      }
      return out;
    } catch (javassist.bytecode.BadBytecode | RuntimeException e) {
      return Map.of();
    }
  }

  /** The type parameters of a class signature and the type arguments it gives its supertypes. */
  private static Generics generics(String signature) {
    if (signature == null) {
      return Generics.NONE;
    }
    try {
      SignatureAttribute.ClassSignature cs = SignatureAttribute.toClassSignature(signature);
      Map<String, String> bounds = new HashMap<>();
      List<String> parameters = new ArrayList<>();
      for (SignatureAttribute.TypeParameter p : cs.getParameters()) {
        parameters.add(p.getName());
        SignatureAttribute.ObjectType bound = p.getClassBound() != null ? p.getClassBound()
            : p.getInterfaceBound().length > 0 ? p.getInterfaceBound()[0] : null;
        bounds.put(p.getName(), bound instanceof SignatureAttribute.ClassType c ? binaryName(c) : OBJECT);
      }
      Map<String, List<Generics.Arg>> supertypes = new HashMap<>();
      List<SignatureAttribute.ClassType> direct = new ArrayList<>();
      if (cs.getSuperClass() != null) {
        direct.add(cs.getSuperClass());
      }
      direct.addAll(List.of(cs.getInterfaces()));
      for (SignatureAttribute.ClassType c : direct) {
        SignatureAttribute.TypeArgument[] args = c.getTypeArguments();
        if (args == null) {
          continue;
        }
        List<Generics.Arg> out = new ArrayList<>();
        for (SignatureAttribute.TypeArgument a : args) {
          SignatureAttribute.ObjectType t = a.getType();
          if (t instanceof SignatureAttribute.TypeVariable v) {
            out.add(new Generics.Arg(v.getName(), bounds.getOrDefault(v.getName(), OBJECT)));
          } else if (t instanceof SignatureAttribute.ClassType ct) {
            out.add(new Generics.Arg(null, binaryName(ct)));
          } else if (t instanceof SignatureAttribute.ArrayType at) {
            out.add(new Generics.Arg(null, Descriptor.toClassName(at.encode())));
          } else {
            out.add(new Generics.Arg(null, null));
          }
        }
        supertypes.put(binaryName(c), out);
      }
      return new Generics(List.copyOf(parameters), supertypes);
    } catch (javassist.bytecode.BadBytecode | RuntimeException e) {
      return Generics.NONE;
    }
  }

  private static final String OBJECT = "java.lang.Object";

  private static String binaryName(SignatureAttribute.ClassType c) {
    return c.getDeclaringClass() != null ? binaryName(c.getDeclaringClass()) + "$" + c.getName() : c.getName();
  }

  private static String returnDescriptor(String descriptor) {
    return descriptor.substring(descriptor.indexOf(')') + 1);
  }

  /** Class names ({@code int}, {@code a.B[]}) of a method descriptor's parameters. */
  private static List<String> parameterClassNames(String descriptor) {
    List<String> out = new ArrayList<>();
    int i = 1;
    while (descriptor.charAt(i) != ')') {
      int start = i;
      while (descriptor.charAt(i) == '[') {
        i++;
      }
      if (descriptor.charAt(i) == 'L') {
        i = descriptor.indexOf(';', i);
      }
      i++;
      out.add(Descriptor.toClassName(descriptor.substring(start, i)));
    }
    return out;
  }

  /** Javassist class names are binary names already ({@code a.Outer$Inner}, {@code int[]}). */
  private static String typeId(String className) {
    return className;
  }

  private static String signature(javassist.bytecode.AttributeInfo attribute) {
    return attribute instanceof SignatureAttribute s ? s.getSignature() : null;
  }

  private static Annotation[] annotations(javassist.bytecode.AttributeInfo invisible,
      javassist.bytecode.AttributeInfo visible) {
    List<Annotation> out = new ArrayList<>();
    if (invisible instanceof AnnotationsAttribute a) {
      out.addAll(List.of(a.getAnnotations()));
    }
    if (visible instanceof AnnotationsAttribute a) {
      out.addAll(List.of(a.getAnnotations()));
    }
    return out.toArray(Annotation[]::new);
  }

  private static Annotation[][] parameterAnnotations(MethodInfo m, int count) {
    Annotation[][] out = new Annotation[count][];
    for (int i = 0; i < count; i++) {
      out[i] = new Annotation[0];
    }
    for (String tag : new String[] {ParameterAnnotationsAttribute.invisibleTag, ParameterAnnotationsAttribute.visibleTag}) {
      if (m.getAttribute(tag) instanceof ParameterAnnotationsAttribute p) {
        Annotation[][] read = p.getAnnotations();
        // javac may leave out synthetic leading parameters; align on the last ones.
        int shift = count - read.length;
        for (int i = 0; i < read.length; i++) {
          if (i + shift >= 0) {
            List<Annotation> merged = new ArrayList<>(List.of(out[i + shift]));
            merged.addAll(List.of(read[i]));
            out[i + shift] = merged.toArray(Annotation[]::new);
          }
        }
      }
    }
    return out;
  }

  /** The annotations that mean something to ctxcheck, with the values the class file holds. */
  private static List<RawAnnotation> raw(Annotation[] annotations) {
    List<RawAnnotation> out = List.of();
    for (Annotation a : annotations) {
      if (!AnnotationVocabulary.isRelevant(a.getTypeName())) {
        continue;
      }
      Map<String, RawAnnotation.ElementValue> values = new LinkedHashMap<>();
      if (a.getMemberNames() != null) {
        for (Object name : a.getMemberNames()) {
          RawAnnotation.ElementValue v = value(a.getMemberValue((String) name));
          if (v != null) {
            values.put((String) name, v);
          }
        }
      }
      if (out.isEmpty()) {
        out = new ArrayList<>();
      }
      out.add(new RawAnnotation(a.getTypeName(), values));
    }
    return out;
  }

  private static RawAnnotation.ElementValue value(MemberValue v) {
    if (v instanceof EnumMemberValue e) {
      return new RawAnnotation.Constant(e.getValue());
    }
    if (v instanceof IntegerMemberValue i) {
      return new RawAnnotation.Number(i.getValue());
    }
    if (v instanceof LongMemberValue l) {
      return new RawAnnotation.Number(l.getValue());
    }
    if (v instanceof StringMemberValue s) {
      return new RawAnnotation.Text(s.getValue());
    }
    if (v instanceof BooleanMemberValue b) {
      return new RawAnnotation.Bool(b.getValue());
    }
    if (v instanceof ArrayMemberValue array && array.getValue() != null) {
      List<RawAnnotation.ElementValue> items = new ArrayList<>();
      for (MemberValue item : array.getValue()) {
        RawAnnotation.ElementValue converted = value(item);
        if (converted != null) {
          items.add(converted);
        }
      }
      return new RawAnnotation.Array(items);
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    for (ZipFile jar : jars) {
      jar.close();
    }
  }
}
