// One widget with its frame (title, actions), dispatching on its type.
import type { ComponentChildren } from 'preact';
import { MetricWidget } from './MetricWidget';
import { AlarmWidget } from './AlarmWidget';
import { TextWidget } from './TextWidget';
import type { Widget } from './types';
import type { TimeRange } from '../time';

export function widgetTitle(w: Widget): string {
  if (w.type === 'text') return w.properties.title ?? '';
  return w.properties.title || (w.type === 'alarm' ? 'Alarms' : w.properties.metrics?.map(m => m.label || m.metricStat?.metric.metricName || m.expression).join(', ') || 'Metric');
}

export function WidgetView({ widget, range, actions }: { widget: Widget; range: TimeRange; actions?: ComponentChildren }) {
  const title = widgetTitle(widget);
  const view = widget.type === 'metric' ? widget.properties.view ?? 'timeSeries' : undefined;
  return (
    <section class={`widget widget-${widget.type}`} data-testid="widget" data-widget-type={widget.type} data-view={view} aria-label={title || widget.type}>
      {(title || actions) && (
        <header class="widget-head">
          <h3 class="widget-title" title={title}>{title}</h3>
          {actions && <div class="widget-actions">{actions}</div>}
        </header>
      )}
      {widget.type === 'metric' && <MetricWidget props={widget.properties} range={range} />}
      {widget.type === 'alarm' && <AlarmWidget props={widget.properties} range={range} />}
      {widget.type === 'text' && <TextWidget markdown={widget.properties.markdown} />}
    </section>
  );
}
