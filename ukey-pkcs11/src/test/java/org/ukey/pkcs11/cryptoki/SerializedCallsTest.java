package org.ukey.pkcs11.cryptoki;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Calls to a module that cannot lock are made one at a time. The module here is a stand-in
 * below the binding (no real module answers {@code CKR_CANT_LOCK} on this machine): it records
 * how many calls are inside it at once.
 */
class SerializedCallsTest {
  @Test
  void neverLetsTwoCallsIntoTheModuleAtOnce() throws Exception {
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    AtomicInteger calls = new AtomicInteger();
    CkFunctions module = (CkFunctions) Proxy.newProxyInstance(
        CkFunctions.class.getClassLoader(), new Class<?>[] {CkFunctions.class},
        (proxy, method, args) -> {
          int now = inside.incrementAndGet();
          most.accumulateAndGet(now, Math::max);
          Thread.sleep(1);
          inside.decrementAndGet();
          calls.incrementAndGet();
          return CKR.CKR_OK;
        });
    CkFunctions serialized = new SerializedCalls(module);
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      Thread thread = new Thread(() -> {
        try {
          start.await();
          for (int i = 0; i < 20; i++) {
            serialized.C_SignInit(1, 2, 3);
            serialized.C_Sign(1, 2, 3, 4, 5);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      thread.start();
      threads.add(thread);
    }
    start.countDown();
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(160, calls.get());
    assertEquals(1, most.get());
  }

  @Test
  void passesEveryFunctionThrough() throws Exception {
    List<String> seen = new ArrayList<>();
    CkFunctions module = (CkFunctions) Proxy.newProxyInstance(
        CkFunctions.class.getClassLoader(), new Class<?>[] {CkFunctions.class},
        (proxy, method, args) -> {
          seen.add(method.getName());
          return 0x80000000L | seen.size();
        });
    CkFunctions serialized = new SerializedCalls(module);
    for (Method m : CkFunctions.class.getMethods()) {
      Object[] args = new Object[m.getParameterCount()];
      for (int i = 0; i < args.length; i++) {
        args[i] = m.getParameterTypes()[i] == byte.class ? (Object) (byte) 0 : (Object) 0L;
      }
      assertEquals(0x80000000L | (seen.size() + 1), m.invoke(serialized, args));
      assertEquals(m.getName(), seen.get(seen.size() - 1));
    }
    assertEquals(CkFunctions.class.getMethods().length, seen.size());
  }
}
