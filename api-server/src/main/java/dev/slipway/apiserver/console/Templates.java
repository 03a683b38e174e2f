package dev.slipway.apiserver.console;

import freemarker.core.HTMLOutputFormat;
import freemarker.ext.beans.ZeroArgumentNonVoidMethodPolicy;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.Configuration;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The console's Freemarker templates ({@code console/templates/*.ftlh} on the classpath). Every
 * template is in HTML output format with auto-escaping, so any value from the cluster (an App
 * name, a reason, a log line) is text, never markup. Templates are cached after their first use.
 */
final class Templates {

    private final Configuration configuration;

    Templates() {
        configuration = new Configuration(Configuration.VERSION_2_3_34);
        // The pages' models are records: their components read as properties (${step.name}).
        DefaultObjectWrapperBuilder wrapper = new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_34);
        wrapper.setRecordZeroArgumentNonVoidMethodPolicy(ZeroArgumentNonVoidMethodPolicy.BOTH_METHOD_AND_PROPERTY_UNLESS_BEAN_PROPERTY_READ_METHOD);
        configuration.setObjectWrapper(wrapper.build());
        configuration.setClassLoaderForTemplateLoading(Templates.class.getClassLoader(), "console/templates");
        configuration.setOutputFormat(HTMLOutputFormat.INSTANCE);
        configuration.setAutoEscapingPolicy(Configuration.ENABLE_IF_SUPPORTED_AUTO_ESCAPING_POLICY);
        configuration.setDefaultEncoding("UTF-8");
        configuration.setOutputEncoding("UTF-8");
        configuration.setURLEscapingCharset("UTF-8");
        // A template mistake must fail the request (our error page), not print a trace into the page.
        configuration.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        configuration.setLogTemplateExceptions(false);
        configuration.setWrapUncheckedExceptions(true);
        configuration.setFallbackOnNullLoopVariable(false);
    }

    String render(String template, Map<String, Object> model) {
        StringWriter out = new StringWriter();
        try {
            configuration.getTemplate(template + ".ftlh").process(model, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (TemplateException e) {
            throw new IllegalStateException("template " + template + " failed", e);
        }
        return out.toString();
    }
}
