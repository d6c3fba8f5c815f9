/**
 * Electronic seals (电子印章) to GM/T 0031-2014 and GB/T 38540-2020.
 *
 * <ul>
 *   <li>Structures: {@link org.ukey.seal.SESeal}, {@link org.ukey.seal.SESSealInfo},
 *       {@link org.ukey.seal.SESHeader}, {@link org.ukey.seal.SESPropertyInfo},
 *       {@link org.ukey.seal.SESPictureInfo}, {@link org.ukey.seal.SESCertList},
 *       {@link org.ukey.seal.ExtData}, {@link org.ukey.seal.TBSSign},
 *       {@link org.ukey.seal.SESSignature} — read by shape, in every dialect real files use,
 *       keeping the received bytes of what was signed.</li>
 *   <li>制章 (making seals): {@link org.ukey.seal.SealMaker} with a
 *       {@link org.ukey.seal.SealSpec}; the kinds of government seal and their type codes in
 *       {@link org.ukey.seal.SealKind}.</li>
 *   <li>签章 (stamping): {@link org.ukey.seal.Stamper}, with an optional RFC 3161
 *       {@link org.ukey.seal.TimeStampClient}.</li>
 *   <li>验章 (verifying): {@link org.ukey.seal.SealVerifier} returning a
 *       {@link org.ukey.seal.VerificationReport}.</li>
 *   <li>备案 (filing): {@link org.ukey.seal.FileSealRegistry} and signed
 *       {@link org.ukey.seal.FilingPackage}s between the parties of treasury payment
 *       (seed 002).</li>
 * </ul>
 *
 * <p>Every key operation goes through {@link org.ukey.api.Signer}, so the same code stamps with
 * a UKey, an HSM or the soft token.
 */
package org.ukey.seal;
