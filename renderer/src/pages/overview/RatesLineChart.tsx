/** The chart itself, in its own chunk: recharts is large and only Översikt draws it. */
import { LineChart } from '@mantine/charts';

export interface RatePoint {
  day: string;
  delivery: number | null;
  confirmation: number | null;
}

export default function RatesLineChart({ data, labels }: { data: RatePoint[]; labels: { delivery: string; confirmation: string } }) {
  return (
    <LineChart
      h={240}
      data={data}
      dataKey="day"
      unit=" %"
      yAxisProps={{ domain: [0, 100] }}
      withLegend
      connectNulls={false}
      lineChartProps={{ accessibilityLayer: false }}
      series={[
        { name: 'delivery', label: labels.delivery, color: 'blue.8' },
        // Told apart by dash as well as colour.
        { name: 'confirmation', label: labels.confirmation, color: 'teal.8', strokeDasharray: '6 4' },
      ]}
    />
  );
}
