package dev.ctxcheck.cli;

import dev.ctxcheck.percpu.LocalLock;
import dev.ctxcheck.percpu.PerCpu;
import dev.ctxcheck.percpu.PerCpuLong;
import dev.ctxcheck.percpu.PerCpuPtr;
import dev.ctxcheck.percpu.SpinLock;
import dev.ctxcheck.percpu.Timer;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.Set;

/**
 * Values for a scenario's entry points and state, so that a run reaches the program's paths:
 * arguments, receivers, and the null references, empty collections and unset array elements of the
 * program's objects and static fields, filled with objects of the program's own classes. Round 0
 * takes constructed defaults (zero, false); later rounds draw primitives from {@code random}, and
 * sometimes null, so that both sides of the program's branches run.
 */
final class ScenarioValues {

  /** How deep object graphs are filled: deeper references stay null. */
  private static final int MAX_DEPTH = 4;

  /** Numbers that reach both sides of typical bounds; half the draws are one of the first four. */
  private static final long[] NUMBERS = {0, 1, 2, 3, -1, 14, 16, 32, 64, 1500, 65536};

  private final Random random;
  private final boolean vary;
  private final List<Class<?>> programClasses;

  /**
   * @param vary whether to draw primitives at random (and sometimes null), or take defaults
   * @param programClasses the scenario's classes: the only ones whose objects are filled
   */
  ScenarioValues(Random random, boolean vary, List<Class<?>> programClasses) {
    this.random = random;
    this.vary = vary;
    this.programClasses = programClasses;
  }

  /** Arguments for a method or constructor with these parameter types. */
  Object[] arguments(Type[] parameters) {
    Object[] args = new Object[parameters.length];
    for (int i = 0; i < parameters.length; i++) {
      args[i] = value(parameters[i], 0);
    }
    return args;
  }

  /** A receiver of type {@code c}: an instance of it, or of a concrete program subclass. */
  Object receiver(Class<?> c) {
    return object(c, 0);
  }

  /** Fills the static state of a program class: null references, empty collections, arrays. */
  void fillStatics(Class<?> c) {
    for (Field f : c.getDeclaredFields()) {
      if (!Modifier.isStatic(f.getModifiers()) || f.isSynthetic()) {
        continue;
      }
      try {
        f.setAccessible(true);
        Object v = f.get(null);
        boolean isFinal = Modifier.isFinal(f.getModifiers());
        if (f.getType().isPrimitive()) {
          if (!isFinal && vary) {
            f.set(null, primitive(f.getType()));
          }
        } else if (v == null) {
          if (!isFinal) {
            f.set(null, value(f.getGenericType(), 1));
          }
        } else {
          fillInside(v, f.getGenericType(), 1);
        }
      } catch (ReflectiveOperationException | RuntimeException e) {
        // a field the run cannot set keeps its value
      }
    }
  }

  Object value(Type type, int depth) {
    Class<?> raw = raw(type);
    if (raw == null) {
      return null;
    }
    if (raw.isPrimitive() || isBox(raw)) {
      return primitive(raw);
    }
    if (raw == String.class) {
      return vary && random.nextInt(4) == 0 ? "" : "eth0";
    }
    if (raw == Object.class) {
      return vary && random.nextInt(3) == 0 ? null : new Object();
    }
    if (depth > MAX_DEPTH) {
      return null;
    }
    if (raw.isArray()) {
      Object array = Array.newInstance(raw.getComponentType(), vary ? 1 + random.nextInt(3) : 2);
      fillInside(array, type, depth);
      return array;
    }
    if (raw.isEnum()) {
      Object[] constants = raw.getEnumConstants();
      return constants.length == 0 ? null : constants[vary ? random.nextInt(constants.length) : 0];
    }
    if (raw == PerCpuLong.class) {
      PerCpuLong v = new PerCpuLong();
      seed(v);
      return v;
    }
    if (raw == SpinLock.class) {
      return new SpinLock();
    }
    if (raw == LocalLock.class) {
      return new LocalLock();
    }
    if (raw == Timer.class) {
      return new Timer();
    }
    if (raw == PerCpuPtr.class) {
      Type element = typeArgument(type, 0);
      Class<?> elementClass = raw(element);
      return elementClass == null ? null : PerCpu.alloc_percpu(() -> object(elementClass, depth + 1));
    }
    if (Collection.class.isAssignableFrom(raw) || raw == Iterable.class) {
      Collection<Object> collection = newCollection(raw);
      if (collection != null) {
        fillInside(collection, type, depth);
      }
      return collection;
    }
    if (vary && random.nextInt(depth == 0 ? 8 : 4) == 0) {
      return null;
    }
    if (isProgram(raw) || raw.isInterface() || Modifier.isAbstract(raw.getModifiers())) {
      return object(raw, depth);
    }
    return null; // a library type the run knows nothing of (IrqFlags, ...)
  }

  /** An instance of {@code c} or of a concrete program class assignable to it, its fields filled. */
  private Object object(Class<?> c, int depth) {
    if (depth > MAX_DEPTH) {
      return null;
    }
    Class<?> concrete = concrete(c);
    if (concrete == null) {
      return c.isInterface() ? nothingDoer(c) : null;
    }
    List<Constructor<?>> constructors = new ArrayList<>(Arrays.asList(concrete.getDeclaredConstructors()));
    constructors.sort(Comparator.comparingInt(Constructor::getParameterCount));
    for (Constructor<?> constructor : constructors) {
      try {
        constructor.setAccessible(true);
        Type[] parameters = constructor.getGenericParameterTypes();
        Object[] args = new Object[parameters.length];
        for (int i = 0; i < args.length; i++) {
          args[i] = value(parameters[i], depth + 1);
        }
        Object o = constructor.newInstance(args);
        fill(o, depth);
        return o;
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        // try the next constructor
      }
    }
    return null;
  }

  /** A program class that is {@code c} or extends or implements it, and can be made. */
  private Class<?> concrete(Class<?> c) {
    List<Class<?>> candidates = new ArrayList<>();
    for (Class<?> p : programClasses) {
      if (c.isAssignableFrom(p) && !p.isInterface() && !Modifier.isAbstract(p.getModifiers())
          && !p.isAnonymousClass() && !p.isLocalClass() && !p.isSynthetic()) {
        candidates.add(p);
      }
    }
    if (candidates.isEmpty()) {
      return null;
    }
    return candidates.contains(c) ? c : candidates.get(vary ? random.nextInt(candidates.size()) : 0);
  }

  /** A functional interface's implementation that does nothing and returns zero, false or null. */
  private static Object nothingDoer(Class<?> iface) {
    return Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[] {iface}, (proxy, method, args) -> {
      if (method.getDeclaringClass() == Object.class) {
        return switch (method.getName()) {
          case "equals" -> proxy == args[0];
          case "hashCode" -> System.identityHashCode(proxy);
          default -> iface.getSimpleName() + " that does nothing";
        };
      }
      return zero(method.getReturnType());
    });
  }

  /** Fills the program object {@code o}: null references, empty collections, unset array elements. */
  private void fill(Object o, int depth) {
    for (Class<?> c = o.getClass(); c != null && isProgram(c); c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic()) {
          continue;
        }
        try {
          f.setAccessible(true);
          Object v = f.get(o);
          if (v == null) {
            f.set(o, value(f.getGenericType(), depth + 1));
          } else if (f.getType().isPrimitive()) {
            if (vary && !Modifier.isFinal(f.getModifiers())) {
              f.set(o, value(f.getType(), depth + 1));
            }
          } else {
            fillInside(v, f.getGenericType(), depth + 1);
          }
        } catch (ReflectiveOperationException | RuntimeException e) {
          // a field the run cannot set keeps its value
        }
      }
    }
  }

  /** Fills what {@code v} holds: array elements, one element in an empty collection, program fields. */
  @SuppressWarnings("unchecked")
  private void fillInside(Object v, Type type, int depth) {
    if (depth > MAX_DEPTH) {
      return;
    }
    if (v.getClass().isArray()) {
      Class<?> component = v.getClass().getComponentType();
      Type componentType = type instanceof GenericArrayType g ? g.getGenericComponentType() : component;
      for (int i = 0; i < Array.getLength(v); i++) {
        Object element = Array.get(v, i);
        if (!component.isPrimitive() && element == null) {
          Array.set(v, i, value(componentType, depth + 1));
        } else if (component.isPrimitive() && vary) {
          Array.set(v, i, primitive(component));
        }
      }
    } else if (v instanceof Collection<?> collection && collection.isEmpty()) {
      Type element = typeArgument(type, 0);
      if (raw(element) != null) {
        Object e = value(element, depth + 1);
        if (e != null) {
          try {
            ((Collection<Object>) collection).add(e);
          } catch (RuntimeException unmodifiable) {
            // left empty
          }
        }
      }
    } else if (v instanceof PerCpuLong counter) {
      seed(counter);
    } else if (isProgram(v.getClass())) {
      fill(v, depth);
    }
  }

  /**
   * Gives the caller's CPU's slot of {@code v} a drawn value, in varied rounds, so that code that
   * tests a counter ({@code if (this_cpu_read(ref) == 0)}, a batch threshold) takes both ways. The
   * caller has Lockdep off: this write is the driver's, not the program's.
   */
  private void seed(PerCpuLong v) {
    if (vary) {
      PerCpu.this_cpu_write(v, number());
    }
  }

  private boolean isProgram(Class<?> c) {
    return programClasses.contains(c);
  }

  private static Collection<Object> newCollection(Class<?> raw) {
    if (!raw.isInterface()) {
      try {
        @SuppressWarnings("unchecked")
        Collection<Object> c = (Collection<Object>) raw.getDeclaredConstructor().newInstance();
        return c;
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }
    if (Queue.class.isAssignableFrom(raw)) {
      return new ArrayDeque<>();
    }
    if (Set.class.isAssignableFrom(raw)) {
      return new LinkedHashSet<>();
    }
    return new ArrayList<>();
  }

  private long number() {
    return random.nextBoolean() ? NUMBERS[random.nextInt(4)] : NUMBERS[random.nextInt(NUMBERS.length)];
  }

  private Object primitive(Class<?> c) {
    long n = vary ? number() : 0;
    if (c == int.class || c == Integer.class) {
      return (int) n;
    } else if (c == long.class || c == Long.class) {
      return n;
    } else if (c == boolean.class || c == Boolean.class) {
      return vary && random.nextBoolean();
    } else if (c == short.class || c == Short.class) {
      return (short) n;
    } else if (c == byte.class || c == Byte.class) {
      return (byte) n;
    } else if (c == char.class || c == Character.class) {
      return (char) ('a' + Math.abs(n) % 26);
    } else if (c == double.class || c == Double.class) {
      return (double) n;
    } else if (c == float.class || c == Float.class) {
      return (float) n;
    }
    return null;
  }

  private static Object zero(Class<?> c) {
    if (!c.isPrimitive() || c == void.class) {
      return null;
    }
    if (c == boolean.class) {
      return false;
    }
    if (c == char.class) {
      return '\0';
    }
    return Array.get(Array.newInstance(c, 1), 0);
  }

  private static boolean isBox(Class<?> c) {
    return c == Integer.class || c == Long.class || c == Boolean.class || c == Short.class || c == Byte.class
        || c == Character.class || c == Double.class || c == Float.class;
  }

  private static Class<?> raw(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return raw(p.getRawType());
    }
    if (type instanceof GenericArrayType g) {
      Class<?> component = raw(g.getGenericComponentType());
      return component == null ? null : Array.newInstance(component, 0).getClass();
    }
    return null; // a type variable or wildcard: nothing to make
  }

  private static Type typeArgument(Type type, int i) {
    return type instanceof ParameterizedType p && p.getActualTypeArguments().length > i
        ? p.getActualTypeArguments()[i]
        : null;
  }
}
