package org.ukey.seal;

import java.util.List;
import java.util.Optional;
import org.ukey.api.UKeyException;

/**
 * The seals filed (备案) by the parties of treasury payment, each as the exact bytes handed over
 * (seed 002 §5–6, §12). A file-backed implementation keeps them in a directory.
 *
 * <p>A {@link SealVerifier} given a registry requires every seal to equal its filed copy
 * (seed 002 §6(4): 各业务方使用的电子印章应与预留在相关方印章服务器中的电子印章保持一致).
 *
 * <p><b>Thread-safety:</b> implementations are thread-safe.
 */
public interface SealRegistry {
  /**
   * The current record of a seal.
   *
   * @param esId the seal id
   * @return the record (in whatever state), or empty if never filed
   * @throws UKeyException if the registry cannot be read
   */
  Optional<FiledSeal> find(String esId) throws UKeyException;

  /**
   * Every current record, in filing order.
   *
   * @return an immutable list
   * @throws UKeyException if the registry cannot be read
   */
  List<FiledSeal> list() throws UKeyException;
}
