package io.l7mp.mcw.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test field of type {@link ApiServer} that {@link ApiServerResource} fills with the server it started.
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
public @interface InjectApiServer {

    /** The cluster name of the wanted server when a test starts several; empty: any. */
    String value() default "";
}
